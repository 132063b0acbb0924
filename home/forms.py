from wagtail.images.forms import BaseImageForm

ALT_TEXT_HELP = (
    "Describe what the image shows for people who cannot see it; screen readers read this aloud. "
    "One plain sentence, e.g. “Three women talking around a kitchen table.” Don't start with “Image of”."
)
ALT_TEXT_REQUIRED = (
    "Please describe the image (its alt text) before saving. People who use screen readers hear this "
    "description instead of seeing the image."
)


class AltTextImageForm(BaseImageForm):
    """Wagtail's image form, with the description (used as alt text) required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        description = self.fields.get("description")
        if description is not None:
            description.required = True
            description.label = "Description (alt text)"
            description.help_text = ALT_TEXT_HELP
            description.error_messages["required"] = ALT_TEXT_REQUIRED
