vcl 4.1;

# Varnish in front of the site's gunicorn: a shared cache of what the site
# marks public, purged by Wagtail (FRONTEND_CACHE=varnish,
# wagtail.contrib.frontend_cache's HTTPBackend) whenever what visitors see
# changes. The site decides what may be shared: an anonymous page says
# "Cache-Control: public, ..., s-maxage=N" (wpa_site/cache/headers.py), a
# static file or an uploaded image says public with a long max-age, and
# everything else (staff, previews, forms, Connect, errors) says private or
# nothing and is never stored here.
#
# ${BACKEND_HOST} and ${BACKEND_PORT} are filled in by whoever starts Varnish
# (docs/deploying.md, tests/servers.py), e.g.
#   BACKEND_HOST=127.0.0.1 BACKEND_PORT=8000 envsubst '$BACKEND_HOST $BACKEND_PORT' \
#     < wpa_site/cache/varnish.vcl > /etc/varnish/wpa.vcl

backend default {
    .host = "${BACKEND_HOST}";
    .port = "${BACKEND_PORT}";
    .connect_timeout = 3s;
    # Longer than gunicorn's own timeout (GUNICORN_TIMEOUT, 30 s).
    .first_byte_timeout = 35s;
}

# Who may PURGE: the machines that run the site (its gunicorn, publish_scheduled).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Varnish's own: the host in lower case, and none at all refused.
    call vcl_req_host;
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # The URL with its host, as Wagtail sends it.
        return (purge);
    }
    # Posts (Connect, the newsletter, the admin) and every other method go
    # to the site untouched, cookies and all.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Plain HTTP through a TLS-terminating proxy: the site answers with its
    # redirect to HTTPS, never with a page stored for HTTPS.
    if (req.http.X-Forwarded-Proto && req.http.X-Forwarded-Proto != "https") {
        return (pass);
    }
    # The admin (previews live under it), private documents behind Wagtail's
    # view, search results, the health check and the sitemap: as the site's
    # own page cache, never stored (wpa_site/paths.py uncached_prefixes).
    # Wagtail's /_util/ answers private pages' password and login forms.
    if (req.url ~ "^/(admin|documents)/" || req.url ~ "^/search/" || req.url ~ "^/es/(buscar|search)/"
        || req.url ~ "^/(healthz|sitemap\.xml)($|\?)" || req.url ~ "^/_util/") {
        return (pass);
    }
    # Signed-in staff, or a visitor who unlocked a private page.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # The only query parameters a page reacts to are page and outlet
    # (wpa_site/cache/pages.py); any other query string is the site's to
    # answer, so that it cannot fill the cache with copies nobody purges.
    if (req.url ~ "\?" && req.url !~ "\?((page|outlet)=[^&]*)(&(page|outlet)=[^&]*)?$") {
        return (pass);
    }
    # Other cookies (a CSRF cookie left from Connect, analytics) do not change
    # a public page: look it up without them, so that they do not make every
    # page a miss. They are handed on to the site when it is asked (below),
    # so Connect keeps its visitor's CSRF cookie.
    if (req.http.Cookie) {
        set req.http.X-Visitor-Cookie = req.http.Cookie;
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Visitor-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Visitor-Cookie;
        unset bereq.http.X-Visitor-Cookie;
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Stored only when the site says the answer is the same for everyone.
    if (beresp.http.Cache-Control !~ "(^|,)\s*public\s*(,|$)"
        || beresp.http.Cache-Control ~ "private|no-store|no-cache"
        || beresp.http.Set-Cookie
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        # Remembered for two minutes as "fetch every time" (hit-for-miss), so
        # that visitors to such a page do not queue behind one another.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # No stale copies: a page's s-maxage ends at the next local midnight
    # (a promotion's window turns over then) and a purge empties it at once.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # No software version for visitors (gunicorn's Server header names none either).
    unset resp.http.Via;
}
