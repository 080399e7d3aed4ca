"""Background tasks (django-tasks): the database backend and `db_worker` in production, the
immediate backend in tests and in `make run`."""

from django_tasks import task


@task()
def build_document(document_id: int) -> None:
    """Make the PDF of a requested Document. See services.documents.document_build."""
    from .services import document_build

    document_build(document_id=document_id)
