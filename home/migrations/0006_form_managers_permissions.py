"""The "Form managers" group (made by 0003_roles_and_moderation) may now
read, export and delete what people send through the site's forms and the
newsletter sign-ups. Safe to run again: every step is get-or-create."""

from django.db import migrations

PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("wagtailforms", "formsubmission", "view_formsubmission", "Can view form submission"),
    ("wagtailforms", "formsubmission", "delete_formsubmission", "Can delete form submission"),
    ("home", "newslettersignup", "view_newslettersignup", "Can view newsletter sign-up"),
    ("home", "newslettersignup", "delete_newslettersignup", "Can delete newsletter sign-up"),
]
# Content types that have since moved to another app, keeping their id and
# permissions: newsletter.0002 moved the sign-ups' to the newsletter app.
MOVED = {("home", "newslettersignup"): "newsletter"}


def content_type_for(ContentType, app_label, model):
    """The model's content type, where it is now if it has moved since."""
    moved_to = MOVED.get((app_label, model))
    if moved_to:
        moved = ContentType.objects.filter(app_label=moved_to, model=model).first()
        if moved is not None:
            return moved
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def create_form_managers(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Form managers")
    for app_label, model, codename, name in PERMISSIONS:
        content_type = content_type_for(ContentType, app_label, model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_form_managers(apps, schema_editor):
    """Take back what this migration gave; entering the admin stays (0003's)."""
    group = apps.get_model("auth", "Group").objects.filter(name="Form managers").first()
    if group is None:
        return
    for app_label, model, codename, _ in PERMISSIONS:
        if codename != "access_admin":
            labels = [app_label, MOVED.get((app_label, model), app_label)]
            group.permissions.remove(
                *group.permissions.filter(
                    content_type__app_label__in=labels, content_type__model=model, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_connect_newsletter_quick_exit"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        # Wagtail gives every group that exists at that point the right to
        # choose images; this group needs none.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_form_managers, remove_form_managers)]
