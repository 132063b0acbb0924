"""The site settings that the site lookup (wpa_site.middleware.SiteMiddleware)
reads in the same query as the site. The content app that defines them
registers them from its AppConfig.ready(), so that the machinery imports no
content app; with none registered, each setting is read under its own name."""

_registered = {}


def register(relations, load):
    """`relations()`: what a Site query selects to bring every setting along;
    `load(site)`: every setting of a site read with them."""
    _registered.update(relations=relations, load=load)


def setting_relations():
    relations = _registered.get("relations")
    return relations() if relations else []


def settings_of(site):
    load = _registered.get("load")
    return load(site) if load else None
