"""Varnish in front of gunicorn (wpa_site/cache/varnish.vcl), purged by the
site itself (FRONTEND_CACHE=varnish): what a visitor sees through it.

One production gunicorn over a fresh Postgres database and one Varnish in
front of it serve the whole module; the ACL test adds a Varnish of its own
and the midnight test a gunicorn whose clock is libfaketime's. Debian's
varnishd and libfaketime must be installed (`make varnish faketime`, which
`make test` runs): without them these tests fail, they are not skipped.
"""

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from wagtail.test.utils.form_data import querydict_from_html

from tests.connect_helpers import answers
from tests.servers import (
    CHIEF_PASSWORD,
    SITE_VCL,
    Browser,
    Server,
    VarnishServer,
    free_port,
    manage,
    production_env,
    send_purge,
    visit,
)
from tests.test_uploaded_images import SET_PROGRAM_IMAGE, image_addresses

PASSWORD = CHIEF_PASSWORD
LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

# Before Varnish starts: the Spanish versions, press items enough for second pages
# (of the list and of one outlet), and what the tests need to know, on one line.
SETUP = """
import json
from datetime import date
from wagtail.models import Site
from home.models import ConnectPage, HomePage, PromotionPage
from news.models import NewsIndexPage, PressItem
from programs.models import ProgramIndexPage, ProgramPage
from tests.pages import add_spanish_versions

spanish = add_spanish_versions()
for number in range(1, 13):
    PressItem.objects.create(
        outlet="The Example Times", headline=f"Older story {number}", quote="A quote.", date=date(2001, 1, number)
    )
home = HomePage.objects.get(locale__language_code="en")
program = ProgramPage.objects.get(slug="safe-and-stable-housing")
unpublished = ProgramPage.objects.get(slug="community-based-supports")
promotion = PromotionPage.objects.get(locale__language_code="en")
promotion.display_start = promotion.display_end = None  # shown on the home page every day
promotion.save_revision().publish()
news = NewsIndexPage.objects.get(locale__language_code="en")
print("PATHS " + json.dumps({
    "host": Site.objects.get(is_default_site=True).hostname,
    "home": home.url,
    "program": program.url,
    "program index": ProgramIndexPage.objects.get(locale__language_code="en").url,
    "news index": news.url,
    "home (es)": home.get_translation(spanish).url,
    "program (es)": program.get_translation(spanish).url,
    "news index (es)": news.get_translation(spanish).url,
    "unpublished program": unpublished.url,
    "unpublished program id": unpublished.pk,
    "unpublished program title": unpublished.title,
    "promotion": promotion.url,
    "promotion id": promotion.pk,
    "connect": ConnectPage.objects.get(locale__language_code="en").url,
    "oldest press item id": PressItem.objects.get(headline="Older story 1").pk,
}))
"""


def shell(env, code):
    return manage(env, "shell", "--no-imports", "-c", code)


@dataclass
class VarnishedSite:
    env: dict
    gunicorn: Server
    varnish: VarnishServer
    paths: dict
    workdir: Path
    host: str

    def visit(self, path, **kwargs):
        return visit(self.varnish.url, path, self.host, **kwargs)

    def browser(self):
        return Browser(self.varnish.url, host=self.host)


@pytest.fixture(scope="module")
def site(database_templates, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("varnished-site")
    varnish_port = free_port()
    with database_templates.copy("postgres", workdir, flavour="chief") as database_url:
        env = production_env(
            database_url,
            database_templates.static_root,
            MEDIA_ROOT=str(workdir / "media"),
            CACHE_DIR=str(workdir / "cache"),
            FRONTEND_CACHE="varnish",
            FRONTEND_CACHE_LOCATION=f"http://127.0.0.1:{varnish_port}",
            CONNECT_MIN_FILL_SECONDS="0",
        )
        line = next(line for line in shell(env, SETUP).splitlines() if line.startswith("PATHS "))
        paths = json.loads(line.removeprefix("PATHS "))
        with (
            Server(env, workers=2, log_path=workdir / "gunicorn.log") as gunicorn,
            VarnishServer(gunicorn.url, workdir / "varnish", port=varnish_port) as varnish,
        ):
            yield VarnishedSite(env, gunicorn, varnish, paths, workdir, paths["host"])


@pytest.fixture(scope="module")
def staff(site):
    """The superuser, signed in through Varnish."""
    browser = site.browser()
    status, _ = browser.sign_in("chief", PASSWORD)
    assert status == 200
    assert browser.get("/admin/")[1]["X-Cache"] == "PASS"
    assert "sessionid" in {cookie.name for cookie in browser.cookies}
    return browser


def publish_in_the_admin(staff, edit_path, form_id, changes):
    """Load an edit form in the admin as staff do, change plain fields, press Publish."""
    _, _, html = staff.get(edit_path)
    data = querydict_from_html(html, form_id=form_id, exclude_csrf=False)
    for name, value in changes.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    request = urllib.request.Request(  # noqa: S310
        staff.base_url + edit_path,
        data=data.urlencode().encode(),
        headers={**staff.headers, "Referer": staff.base_url + edit_path},
    )
    try:
        with staff.opener.open(request, timeout=30) as response:
            answer = response.read().decode()
    except urllib.error.HTTPError as error:
        raise AssertionError(f"the admin answered {error.code}: {error.read().decode()[:3000]}") from error
    assert "could not be" not in answer, "the admin refused the change"
    return answer


def assert_hit_the_second_time(site, path):
    first, second = site.visit(path), site.visit(path)
    assert first.status == second.status == 200, path
    assert second.headers["X-Cache"] == "HIT", path
    assert first.body == second.body
    return second


def without_spaces(html):
    return " ".join(unescape(html).split())


# Anonymous visitors


@pytest.mark.parametrize("name", ["home", "program", "news index", "home (es)", "program (es)", "news index (es)"])
def test_a_public_page_is_served_from_varnish_the_second_time_with_no_cookie(site, name):
    path = site.paths[name]
    first, second = site.visit(path), site.visit(path)
    assert first.status == second.status == 200
    assert second.headers["X-Cache"] == "HIT"
    assert second.body == first.body
    for answer in (first, second):
        assert "Set-Cookie" not in answer.headers
        assert answer.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert f'<html lang="{"es" if name.endswith("(es)") else "en"}">' in second.body


def test_stray_cookies_do_not_make_a_public_page_a_miss(site):
    path = site.paths["program"]
    assert_hit_the_second_time(site, path)
    stray = site.visit(path, cookie="csrftoken=left-from-connect; _ga=GA1.1.12345")
    assert stray.headers["X-Cache"] == "HIT"
    assert "Set-Cookie" not in stray.headers


# Staff, previews, forms and posts pass through


def test_signed_in_staff_and_previews_are_never_served_from_varnish(site, staff):
    assert_hit_the_second_time(site, site.paths["home"])
    for path in (site.paths["home"], f"/admin/pages/{site.paths['promotion id']}/view_draft/", "/admin/"):
        for _ in range(2):
            status, headers, html = staff.get(path)
            assert status == 200, path
            assert headers["X-Cache"] == "PASS", path
            assert "private" in headers["Cache-Control"], path
    assert "wagtail-userbar" in staff.get(site.paths["home"])[2], "staff see their own page, not the visitors'"


def test_the_connect_page_passes_through_keeps_its_csrf_cookie_and_its_form_sends(site):
    visitor = site.browser()
    status, headers, html = visitor.get(site.paths["connect"])
    assert status == 200 and headers["X-Cache"] == "PASS" and "private" in headers["Cache-Control"]
    assert "csrftoken=" in headers["Set-Cookie"]
    token = {cookie.name: cookie.value for cookie in visitor.cookies}["csrftoken"]
    # With its cookie, Connect keeps the visitor's token, and public pages stay hits.
    status, headers, html = visitor.get(site.paths["connect"])
    assert headers["X-Cache"] == "PASS"
    assert {cookie.name: cookie.value for cookie in visitor.cookies}["csrftoken"] == token
    site.browser().get(site.paths["program"])  # stored, if no test before this one did
    assert visitor.get(site.paths["program"])[1]["X-Cache"] == "HIT"
    started = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
    message = "A question about your programs, sent through Varnish."
    status, answer = visitor.post_form(site.paths["connect"], answers(your_message=message, form_started=started))
    assert status == 200
    count = shell(
        site.env,
        "from home.models import ConnectSubmission; "
        "print(ConnectSubmission.objects.filter(form_data__icontains='sent through Varnish').count())",
    )
    assert count.strip().splitlines()[-1] == "1", answer[:2000]


def test_a_newsletter_sign_up_posts_through_varnish(site):
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(site.varnish.url).netloc, timeout=30)
    try:
        connection.request(
            "POST",
            "/newsletter/",
            body=urllib.parse.urlencode({"email": "reader@example.org", "first_name": "", "website": ""}),
            headers={"Host": site.host, "Content-Type": "application/x-www-form-urlencoded"},
        )
        answer = connection.getresponse()
        answer.read()
    finally:
        connection.close()
    assert answer.status == 303  # to the thank-you page
    assert answer.headers["X-Cache"] == "PASS"
    count = shell(
        site.env,
        "from home.newsletter.models import NewsletterSignup; "
        "print(NewsletterSignup.objects.filter(email='reader@example.org').count())",
    )
    assert count.strip().splitlines()[-1] == "1"


# Purges: every change shows through Varnish on the next request


def test_a_page_published_in_the_admin_shows_through_varnish_on_the_next_request(site, staff):
    promotion, home = site.paths["promotion"], site.paths["home"]
    for path in (promotion, home):
        assert_hit_the_second_time(site, path)
    publish_in_the_admin(
        staff,
        f"/admin/pages/{site.paths['promotion id']}/edit/",
        "page-edit-form",
        {"text": "Read with us all spring, published through Varnish."},
    )
    after = site.visit(promotion)
    assert "Read with us all spring, published through Varnish." in after.body
    assert after.headers["X-Cache"] == "MISS"
    assert "Read with us all spring, published through Varnish." in site.visit(home).body, "the home page shows it"


def test_a_page_unpublished_in_the_admin_leaves_its_parent_and_the_home_page(site, staff):
    title, path = site.paths["unpublished program title"], site.paths["unpublished program"]
    for page in (site.paths["home"], site.paths["program index"], path):
        assert title in without_spaces(assert_hit_the_second_time(site, page).body)
    status, _ = staff.post_form(f"/admin/pages/{site.paths['unpublished program id']}/unpublish/", {})
    assert status == 200
    assert site.visit(path).status == 404
    for page in (site.paths["home"], site.paths["program index"]):
        assert title not in without_spaces(site.visit(page).body), page


def test_a_press_item_published_in_the_admin_shows_on_every_page_of_the_news_index(site, staff):
    news, news_es = site.paths["news index"], site.paths["news index (es)"]
    pages = [
        f"{news}?page=2",
        f"{news}?outlet=The+Example+Times&page=2",
        f"{news_es}?page=2",
    ]
    for path in pages:
        assert "Older story 1" in assert_hit_the_second_time(site, path).body
    publish_in_the_admin(
        staff,
        f"/admin/snippets/news/pressitem/edit/{site.paths['oldest press item id']}/",
        "w-editor-form",
        {"headline": "The oldest story, retitled"},
    )
    for path in pages:
        assert "The oldest story, retitled" in site.visit(path).body, path


def test_a_featured_press_item_change_shows_on_both_home_pages(site):
    for path in (site.paths["home"], site.paths["home (es)"]):
        assert_hit_the_second_time(site, path)
    shell(
        site.env,
        "from news.models import PressItem; i = PressItem.objects.get(outlet='CNN'); "
        "i.headline = 'Keeping Mothers Home, through Varnish'; i.save_revision().publish()",
    )
    for path in (site.paths["home"], site.paths["home (es)"]):
        assert "Keeping Mothers Home, through Varnish" in site.visit(path).body, path


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "from home.models import SiteWideContent; "
            "c = SiteWideContent.objects.get(locale__language_code='es'); c.footer_text = 'Pie nuevo.'; c.save()",
            "Pie nuevo.",
        ),
        (
            "from home.models import OrganizationSettings; s = OrganizationSettings.objects.get(); "
            "s.organization_name = 'Renamed through Varnish'; s.save()",
            "Renamed through Varnish",
        ),
    ],
    ids=["site-wide content", "organization settings"],
)
def test_a_change_to_what_every_page_shows_reaches_every_page(site, code, text):
    """The Spanish footer, or the organization's name in every page's
    header and footer: shown on pages nobody edited."""
    pages = [site.paths["program (es)"], site.paths["news index (es)"], site.paths["home (es)"]]
    if "Organization" in code:
        pages += [site.paths["program"], site.paths["news index"]]
    for path in pages:
        assert text not in assert_hit_the_second_time(site, path).body
    shell(site.env, code)
    for path in pages:
        assert text in site.visit(path).body, path


def test_the_menu_change_reaches_every_page(site):
    for path in (site.paths["program"], site.paths["news index"]):
        assert 'class="site-menu__link"' in assert_hit_the_second_time(site, path).body
    shell(
        site.env,
        "from home.models import SiteWideContent; "
        "c = SiteWideContent.objects.get(locale__language_code='en'); c.main_menu = []; c.save()",
    )
    for path in (site.paths["program"], site.paths["news index"]):
        assert 'class="site-menu__link"' not in site.visit(path).body, path


# Uploaded images


def test_an_uploaded_image_is_served_from_varnish_and_leaves_it_when_deleted(site):
    shell(site.env, SET_PROGRAM_IMAGE)
    renditions = {
        address for address in image_addresses(site.visit(site.paths["program"]).body) if "/images/" in address
    }
    assert renditions, "the program photo is not on its page"
    for address in renditions:
        first, second = site.visit(address), site.visit(address)
        assert first.status == second.status == 200
        assert second.headers["Content-Type"].startswith("image/")
        assert second.headers["X-Cache"] == "HIT", address
        assert "immutable" in second.headers["Cache-Control"]
    shell(site.env, "from wagtail.images.models import Image; Image.objects.get(title='Program photo').delete()")
    for address in renditions:
        assert site.visit(address).status == 404, f"{address} outlived its image in Varnish"


# PURGE


def test_purge_from_loopback_empties_that_address(site):
    path = site.paths["program index"]
    assert_hit_the_second_time(site, path)
    assert send_purge(site.varnish.url, path, site.host) == 200
    assert site.visit(path).headers["X-Cache"] == "MISS"


def test_purge_from_outside_the_acl_is_refused(site):
    """Every test client is on loopback: a second Varnish whose ACL leaves
    loopback out makes loopback a stranger's address."""
    vcl = SITE_VCL.read_text()
    acl = re.search(r"acl purgers \{[^}]*\}", vcl).group(0)
    assert '"127.0.0.1";' in acl
    strangers_only = vcl.replace(acl, 'acl purgers {\n    "192.0.2.1";\n}')
    with VarnishServer(site.gunicorn.url, site.workdir / "varnish-acl", vcl=strangers_only) as varnish:
        path = site.paths["program index"]
        visit(varnish.url, path, site.host)
        assert send_purge(varnish.url, path, site.host) == 405
        assert visit(varnish.url, path, site.host).headers["X-Cache"] == "HIT"


# Midnight: a promotion's window turns over with nobody publishing


@contextmanager
def gunicorn_before(fake_midnight, env, port, log_path):
    """gunicorn whose clock reads a few seconds before `fake_midnight` once it answers, and the
    machine's time when its clock reaches it; a machine too busy to start it in time gets a longer lead."""
    for lead in (9, 20, 45):
        offset = round(fake_midnight.timestamp() - lead - time.time())
        server = Server({**env, "FAKETIME": f"{offset:+d}s"}, workers=1, port=port, log_path=log_path)
        real_midnight = fake_midnight.timestamp() - offset
        if time.time() < real_midnight - 5:
            break
        server.stop()
    else:
        raise AssertionError("gunicorn never started five seconds before midnight")
    try:
        yield server, real_midnight
    finally:
        server.stop()


def test_a_promotion_opens_through_varnish_on_the_first_request_after_local_midnight(site):
    """gunicorn's clock, by libfaketime, a few seconds before a local
    midnight; Varnish's the machine's. The promotion opens the day after;
    nothing is purged (this gunicorn has no FRONTEND_CACHE at all)."""
    assert Path(LIBFAKETIME).exists(), f"{LIBFAKETIME} is missing: run `make faketime`"
    zone = ZoneInfo(settings.TIME_ZONE)
    fake_midnight = datetime.combine(datetime.now(zone).date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    text = "Books for the new day."
    original = shell(
        site.env,
        "from home.models import PromotionPage; p = PromotionPage.objects.get(locale__language_code='en'); "
        "print(repr((p.text, p.display_start, p.display_end, p.repeats_every_year)))",
    )
    shell(
        site.env,
        "from datetime import date; from home.models import PromotionPage; "
        "p = PromotionPage.objects.get(locale__language_code='en'); "
        f"p.text = {text!r}; p.display_start = date.fromisoformat({fake_midnight.date().isoformat()!r}); "
        "p.display_end = None; p.repeats_every_year = False; p.save_revision().publish()",
    )
    gunicorn_port = free_port()
    env = {
        **site.env,
        "FRONTEND_CACHE": "",
        "CACHE_DIR": str(site.workdir / "midnight-cache"),
        "LD_PRELOAD": LIBFAKETIME,
        # gunicorn's worker heartbeat writes the monotonic clock into a file's
        # time and reads it back: the file's times are left as written.
        "NO_FAKE_STAT": "1",
    }
    try:
        with (
            VarnishServer(f"http://127.0.0.1:{gunicorn_port}", site.workdir / "varnish-midnight") as varnish,
            gunicorn_before(fake_midnight, env, gunicorn_port, site.workdir / "faked.log") as (gunicorn, midnight),
        ):
            # The site's own page cache keeps the page from here on; the
            # s-maxage it is served with must still shrink as midnight nears.
            rendered = visit(gunicorn.url, "/", site.host)
            time.sleep(2)
            asked_at = time.time()
            before, again = visit(varnish.url, "/", site.host), visit(varnish.url, "/", site.host)
            assert text not in before.body and text not in rendered.body
            assert again.headers["X-Cache"] == "HIT"
            s_maxage = int(re.search(r"s-maxage=(\d+)", before.headers["Cache-Control"]).group(1))
            assert s_maxage <= midnight - asked_at
            assert s_maxage < int(re.search(r"s-maxage=(\d+)", rendered.headers["Cache-Control"]).group(1))
            time.sleep(max(0, midnight - time.time()) + 0.5)
            after = visit(varnish.url, "/", site.host)
            assert after.headers["X-Cache"] == "MISS"
            assert text in after.body, "the promotion did not open at midnight"
    finally:
        shell(
            site.env,
            "import datetime; from home.models import PromotionPage; "
            "p = PromotionPage.objects.get(locale__language_code='en'); "
            f"p.text, p.display_start, p.display_end, p.repeats_every_year = {original.strip().splitlines()[-1]}; "
            "p.save_revision().publish()",
        )
