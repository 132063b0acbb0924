"""The sign-ups' content type moves with the model, from home to newsletter,
keeping its id: the permissions granted on it (the Form managers' view and
delete, home.0006), the audit log's entries and the confirmation emails
queued about a sign-up (outbox) all point at that id and keep working."""

from django.db import migrations

MODEL = "newslettersignup"


def move_content_type(apps, schema_editor, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=old_label, model=MODEL).first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=new_label, model=MODEL).first()
    if new is None:
        old.app_label = new_label
        old.save(update_fields=["app_label"])
        return
    # Both exist (the new one made by an earlier run of migrate on this
    # code): whoever held a permission on the old one gets the same on the new.
    for permission in Permission.objects.filter(content_type=old):
        twin, _ = Permission.objects.get_or_create(
            content_type=new, codename=permission.codename, defaults={"name": permission.name}
        )
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
    old.delete()


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, "home", "newsletter")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, "newsletter", "home")


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("home", "0006_form_managers_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
