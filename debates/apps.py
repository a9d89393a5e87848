"""The debates app: sitting days, debates, speeches, divisions, imports and search."""

from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_migrate, pre_save


class DebatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "debates"

    def ready(self) -> None:
        from . import changes
        from .search import schema

        connection_created.connect(schema.register_sqlite_functions)
        pre_migrate.connect(schema.drop_sqlite_view, sender=self)
        post_migrate.connect(schema.restore_sqlite_search, sender=self)
        # Any save or delete a reader could see raises the archive's version, in its transaction.
        for label in changes.SHOWN_MODELS:
            model = apps.get_model(label)
            post_save.connect(changes.data_changed, sender=model, dispatch_uid=f"version-{label}")
            post_delete.connect(changes.data_changed, sender=model, dispatch_uid=f"version-{label}")
        # An editor's change to a seat-term, an office or a name changes the party or label on the
        # day of that member's speeches; imports refresh them themselves.
        from members.models import Constituency, MemberAlias, Membership, Office, Party, Person

        # An editor's change to members data waits for a members import running meanwhile (and
        # one import waits for the editor): see the order of locks in debates.importers.locks.
        for model in (Person, Party, Constituency, Membership, Office, MemberAlias):
            pre_save.connect(take_members_lock, sender=model, dispatch_uid=f"members-lock-{model.__name__}")
            pre_delete.connect(
                take_members_lock, sender=model, dispatch_uid=f"members-unlock-{model.__name__}"
            )
        post_save.connect(refresh_roles_of_speaker, sender=Membership)
        post_delete.connect(refresh_roles_of_speaker, sender=Membership)
        post_save.connect(refresh_labels_of_speaker, sender=Office)
        post_delete.connect(refresh_labels_of_speaker, sender=Office)
        post_save.connect(refresh_labels_of_person, sender=Person)
        post_save.connect(refresh_labels_of_members, sender=Party)
        post_save.connect(refresh_labels_of_members, sender=Constituency)
        # An import's upload leaves the disk with its row (the job done, or deleted).
        from .importers.jobs import delete_upload_file
        from .models import ImportUpload

        post_delete.connect(delete_upload_file, sender=ImportUpload, dispatch_uid="upload-file")
        # An editor's change to a speech or a heading: members' monthly counts and page breaks.
        from .models import GidRedirect, Section, Speech

        post_save.connect(resolve_redirects_of_day, sender=GidRedirect)
        post_delete.connect(resolve_redirects_of_day, sender=GidRedirect)

        pre_save.connect(remember_speech_as_stored, sender=Speech)
        post_save.connect(summarise_speech, sender=Speech)
        post_delete.connect(summarise_speech, sender=Speech)
        post_save.connect(plan_pages_of_section, sender=Section)
        post_save.connect(recount_sitting_of_section, sender=Section)
        post_delete.connect(recount_sitting_of_section, sender=Section)


def take_members_lock(sender, instance, raw=False, **kwargs) -> None:
    from .importers.locks import lock

    if not raw:
        lock("members")


def refresh_roles_of_speaker(sender, instance, **kwargs) -> None:
    from .models import Speech

    speeches = Speech.objects.filter(speaker_id=instance.person_id)
    speeches.refresh_parties()
    speeches.refresh_labels()


def refresh_labels_of_speaker(sender, instance, **kwargs) -> None:
    from .models import Speech

    Speech.objects.filter(speaker_id=instance.person_id).refresh_labels()


def refresh_labels_of_person(sender, instance, created=False, **kwargs) -> None:
    """A person's name decides whether the Chair printed by name is labelled."""
    from .models import Speech

    if not created:
        Speech.objects.filter(speaker=instance).refresh_labels()


def refresh_labels_of_members(sender, instance, created=False, **kwargs) -> None:
    """A party's or a seat's name is part of the label "Labour, Stockton North"."""
    from .models import Speech

    if not created:
        people = instance.memberships.values("person_id")
        Speech.objects.filter(speaker__in=people).refresh_labels()


def resolve_redirects_of_day(sender, instance, raw=False, **kwargs) -> None:
    """An editor's change to a redirect changes where its day's chains lead."""
    if not raw:
        sender.objects.filter(date=instance.date).resolve_targets()


def remember_speech_as_stored(sender, instance, raw=False, **kwargs) -> None:
    from .models import Speech

    if instance.pk and not raw:
        instance._as_stored = (
            Speech.objects.filter(pk=instance.pk).values_list("speaker_id", "section_id", "date").first()
        )


def summarise_speech(sender, instance, raw=False, **kwargs) -> None:
    from .summaries import speech_changed

    if raw:
        return
    now = (
        None if kwargs["signal"] is post_delete else (instance.speaker_id, instance.section_id, instance.date)
    )
    before = (
        (instance.speaker_id, instance.section_id, instance.date)
        if kwargs["signal"] is post_delete
        else getattr(instance, "_as_stored", None)
    )
    speech_changed(now, before)


def plan_pages_of_section(sender, instance, raw=False, **kwargs) -> None:
    from .pages import plan_sections

    if not raw:
        plan_sections([instance.pk])


def recount_sitting_of_section(sender, instance, raw=False, **kwargs) -> None:
    """A heading added, moved under another or deleted changes its day's number of debates."""
    from .models import Sitting

    if not raw:
        Sitting.objects.filter(pk=instance.sitting_id).recount()
