"""Sending the Connect form as a visitor would, for the Connect tests."""

import re
import time

from django.core import signing

from home.public_forms import STARTED_SALT, TOPIC_FIELD

TOPICS = [
    "I need support for myself",
    "I’m a family member or friend",
    "I’m an attorney, court or agency partner",
    "Press",
    "Donations and volunteering",
]


class FailingEmailBackend:
    """An email server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("The email server is down.")


def started(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def answers(**overrides):
    data = {
        TOPIC_FIELD: "Press",
        "how_should_we_reach_you": "reporter@example.org",
        "your_name": "Ana",
        "your_pronouns": "she/her",
        "your_message": "A question about your programs.",
        "website": "",
        "form_started": started(),
    }
    data.update(overrides)
    return data


def send(client, page, **overrides):
    return client.post(page.url, answers(**overrides))


def visible_error_summary(html):
    match = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S)
    return match.group(0) if match else ""
