"""Writes to the register of public contracts."""

from django.db import transaction

from core.history import attribute_to

from .models import PublicContract


@transaction.atomic
def contract_save(contract: PublicContract, user) -> PublicContract:
    """Save a contract the form checked (its verdict settled by ``PublicContract.clean``),
    recording who recorded it and who changed it."""
    if contract.pk is None:
        contract.created_by = user
    attribute_to(user, contract)
    contract.save()
    return contract
