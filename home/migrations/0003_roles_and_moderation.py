"""Staff roles and the moderation workflow (see "Roles" in docs/editing.md).

Wagtail's own migrations already create "Editors" and "Moderators", give them
page permissions on the root page, collection permissions on the root
collection and a "Moderators approval" workflow on the root page. This
migration adjusts those records to the roles WPA needs, and can run again on
a database where some or all of them exist: every step is get-or-create,
update-or-create or a targeted delete.
"""

from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"
FORM_MANAGERS = "Form managers"
WORKFLOW_NAME = "Moderators approval"

# Page permissions on the root page, so they reach the whole tree.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Image and document permissions on the root collection. (Wagtail treats
# deleting an image or document as changing it, so there is no separate
# delete permission to give or withhold.)
MEDIA_PERMISSIONS = [
    ("wagtailimages", "image", ["add", "change", "choose"]),
    ("wagtaildocs", "document", ["add", "change", "choose"]),
]
COLLECTION_PERMISSIONS = {EDITORS: MEDIA_PERMISSIONS, MODERATORS: MEDIA_PERMISSIONS}
# Model-wide permissions, held by the group itself.
GLOBAL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("news", "pressitem", "add_pressitem"),
        ("news", "pressitem", "change_pressitem"),
        ("news", "pressitem", "view_pressitem"),
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("news", "pressitem", "add_pressitem"),
        ("news", "pressitem", "change_pressitem"),
        ("news", "pressitem", "view_pressitem"),
        ("news", "pressitem", "delete_pressitem"),
        ("news", "pressitem", "publish_pressitem"),
        ("news", "pressitem", "lock_pressitem"),
        ("news", "pressitem", "unlock_pressitem"),
        ("home", "sitesettings", "change_sitesettings"),
        ("home", "sitesettings", "view_sitesettings"),
    ],
    FORM_MANAGERS: [
        ("wagtailadmin", "admin", "access_admin"),
    ],
}
# Permissions a role must not hold even if an earlier migration or an
# administrator gave them: publishing, settings, and image or document rights
# granted outside collections (Wagtail reads collections; Django's has_perm
# would read these).
FORBIDDEN_GLOBAL = {
    EDITORS: [
        ("news", "pressitem", "publish_pressitem"),
        ("news", "pressitem", "delete_pressitem"),
        ("home", "sitesettings", "change_sitesettings"),
    ],
}

# Permission names as Django and Wagtail would create them after migrating.
PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "publish": "Can publish {}",
    "lock": "Can lock {}",
    "unlock": "Can unlock {}",
    "add": "Can add {}",
    "change": "Can change {}",
    "delete": "Can delete {}",
    "view": "Can view {}",
    "choose": "Can choose {}",
}
VERBOSE_NAMES = {"pressitem": "press item", "sitesettings": "Site settings", "image": "image", "document": "document"}


def ensure_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(app_label, model, codename):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        action = codename.split("_", 1)[0] if codename != "access_admin" else codename
        name = PERMISSION_NAMES[action].format(VERBOSE_NAMES.get(model, model))
        found, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return found

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, MODERATORS, FORM_MANAGERS)}

    for name, wanted in GLOBAL_PERMISSIONS.items():
        groups[name].permissions.add(*[permission(*entry) for entry in wanted])
    for name, unwanted in FORBIDDEN_GLOBAL.items():
        groups[name].permissions.remove(*[permission(*entry) for entry in unwanted])
    legacy_media = Permission.objects.filter(content_type__app_label__in=["wagtailimages", "wagtaildocs"])
    for name in (EDITORS, MODERATORS):
        groups[name].permissions.remove(*legacy_media)

    for root in Page.objects.filter(depth=1):
        for name, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page=root, permission=permission("wagtailcore", "page", codename)
                )
        GroupPagePermission.objects.filter(group=groups[EDITORS], page=root).exclude(
            permission__codename__in=PAGE_PERMISSIONS[EDITORS]
        ).delete()

    for collection in Collection.objects.filter(depth=1):
        for name, entries in COLLECTION_PERMISSIONS.items():
            for app_label, model, actions in entries:
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[name],
                        collection=collection,
                        permission=permission(app_label, model, f"{action}_{model}"),
                    )

    # One approval step by Moderators, on the whole page tree and on press items.
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME, content_type=task_type, active=True)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(groups[MODERATORS])

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        steps = WorkflowTask.objects.filter(workflow=workflow).count()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=steps)

    for root in Page.objects.filter(depth=1):
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    press_item_type, _ = ContentType.objects.get_or_create(app_label="news", model="pressitem")
    WorkflowContentType.objects.update_or_create(content_type=press_item_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0002_initial"),
        ("news", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(ensure_roles, migrations.RunPython.noop)]
