"""The library's files in storage: none left behind, none missing.

Replacing an image's or a document's file deletes the old file and every copy made of it
(renditions, social card); deleting the record deletes them all. Both happen after the
transaction commits, so a rolled-back save keeps its files. `orphans()` lists stored files
that no record names (`manage.py library_orphans`).
"""

import posixpath

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from library.models import Document, Image

# Where library files live: its own uploads, and the lead images uploaded before it.
STORAGE_ROOTS = ("library", "news")


def delete_files(storage, names):
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)


def _delete_on_commit(storage, names):
    names = set(names)
    if names:
        transaction.on_commit(lambda: delete_files(storage, names))


def remember_stored_files(sender, instance, raw=False, **kwargs):
    """Before a save: the files of the stored version, to delete those the new one drops."""
    if raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).first()
    instance._stored_file_names = stored.file_names() if stored else set()
    instance._stored_file_name = stored.file.name if stored else None


def drop_replaced_files(sender, instance, raw=False, **kwargs):
    stored = getattr(instance, "_stored_file_names", None)
    if raw or stored is None:
        return
    del instance._stored_file_names
    if instance.__dict__.pop("_stored_file_name") != instance.file.name:
        # A new file: the old one and all its copies go, the new one's copies are remade.
        _delete_on_commit(instance.file.storage, stored - {instance.file.name})
    else:
        _delete_on_commit(instance.file.storage, stored - instance.file_names())


def drop_deleted_files(sender, instance, **kwargs):
    _delete_on_commit(instance.file.storage, instance.file_names())


def connect():
    for model in (Image, Document):
        pre_save.connect(remember_stored_files, sender=model, dispatch_uid=f"files-pre-{model}")
        post_save.connect(drop_replaced_files, sender=model, dispatch_uid=f"files-post-{model}")
        post_delete.connect(drop_deleted_files, sender=model, dispatch_uid=f"files-del-{model}")


def stored_names(storage, root):
    """Every file under `root` in storage, recursively."""
    try:
        directories, files = storage.listdir(root)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(root, name)
    for directory in directories:
        yield from stored_names(storage, posixpath.join(root, directory))


def referenced_names():
    names = set()
    for image in Image.objects.only("file", "renditions", "social_card"):
        names |= image.file_names()
    for document in Document.objects.only("file"):
        names |= document.file_names()
    return names


def orphans(storage=None):
    """Stored files under the library's roots that no image or document names, sorted."""
    storage = storage or default_storage
    referenced = referenced_names()
    found = (name for root in STORAGE_ROOTS for name in stored_names(storage, root))
    return sorted(name for name in found if name not in referenced)
