"""Who may reach a buyer's register of public contracts: its representatives read and
write it, the committee reads every buyer's; anyone else gets 404, as does a signatory
that awards no public contracts (``models.is_buyer``). The rights are
``signatories.access``'s."""

from django.http import Http404

from signatories.access import access_signatory
from signatories.models import Signatory

from .models import PublicContract, is_buyer


def access_buyer(user, signatory_id: int, *, write: bool = False) -> Signatory:
    """The buyer, if ``user`` may read its register (or write it when ``write``)."""
    signatory = access_signatory(user, signatory_id, write=write)
    if not is_buyer(signatory):
        raise Http404("This signatory awards no public contracts.")
    return signatory


def access_contract(user, signatory_id: int, contract_id: int, *, write: bool = False):
    """The buyer and one of its contracts, if ``user`` may read them (or write them)."""
    buyer = access_buyer(user, signatory_id, write=write)
    try:
        contract = buyer.public_contracts.select_related("provider").get(pk=contract_id)
    except (PublicContract.DoesNotExist, ValueError, TypeError):
        raise Http404("No such contract.") from None
    return buyer, contract
