from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"

    def ready(self) -> None:
        # A report's receipt carries the company's report card as submitted: followup
        # sends it and offers the hook, this app draws the PDF.
        from followup.services import register_receipt_sender

        from .receipts import receipt_with_card

        register_receipt_sender(receipt_with_card)
