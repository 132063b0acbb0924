"""The browser-enforced policies every answer carries: the
Content-Security-Policy of public pages and of the admin, and the features
the Permissions-Policy turns off. `media_origins` are the origins uploaded
images come from when they are not on this site (an S3 bucket)."""


def public_page_policy(media_origins):
    """Public pages: nothing but this site's own files, no inline script or
    style, no plugins, never framed. The admin and page previews get
    admin_policy (see wpa_site.middleware.ContentSecurityPolicyMiddleware)."""
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *media_origins],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def admin_policy(media_origins):
    """Wagtail's admin runs inline scripts and styles (checked in Chromium:
    without 'unsafe-inline' they are blocked; 'unsafe-eval' is not needed),
    shows blob: and data: image previews while uploading, and frames its own
    page previews."""
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *media_origins],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }


PERMISSIONS_POLICY_DENIED_FEATURES = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
