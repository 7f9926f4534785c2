"""The header every page shares (`base.html`), assembled from parts made once per language
and role.

Rendering the header through Jinja (a macro per link, a label lookup per word) took about as
long as the rest of a public entry page. What the header shows depends only on the language,
the signed-in role and subject, this page's path (the current link, the language switch and
the sign-in link return to it) and the CSRF token; so the parts that depend on the first three
are made once, escaped as the template would escape them, and a page only joins them with its
path and token. The HTML is the same the template gave, to the byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import escape

from api.web import i18n

#: The links of the main menu for everyone, then for each role (href, message key).
_PUBLIC_LINKS = (
    ("/", "nav.search"),
    ("/criteria", "nav.criteria"),
    ("/offerings", "nav.offerings"),
    ("/ledger", "nav.ledger"),
)
_ROLE_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "teacher": (("/teachers/{s}", "nav.my_file"), ("/teachers/{s}/progress", "nav.progress")),
    "employer": (
        ("/employers/{s}/staff", "nav.staff"),
        ("/employers/{s}/disputes", "nav.disputes"),
        ("/employers/{s}/shares", "nav.shares"),
        ("/costs", "nav.costs"),
    ),
    "registrar": (
        ("/registrar", "nav.registrar"),
        ("/review", "nav.review"),
        ("/costs", "nav.costs"),
    ),
    "appeals": (("/review", "nav.review"),),
    "auditor": (("/review", "nav.review"),),
    "validator": (("/validation", "nav.validation"),),
    "provider": (("/provider", "nav.provider"), ("/demand", "nav.demand")),
    "standards": (
        ("/standards", "nav.standards"),
        ("/demand", "nav.demand"),
        ("/costs", "nav.costs"),
    ),
}


@dataclass(frozen=True)
class Frame:
    """The header's fixed parts for one language and signed-in role; the gaps are this page's
    return path (`next`), its current link and the CSRF token."""

    #: From the skip link to the language switch's `next=`.
    top: str
    #: From after `next=` to the menu's first link.
    mid: str
    #: Each link: its href as compared with the page's path, the HTML before where the current
    #: mark goes, and the HTML after it.
    links: tuple[tuple[str, str, str], ...]
    #: From the end of the menu to the gap (`next=` of the sign-in link, or the CSRF token).
    who: str
    #: The rest of the header.
    end: str
    signed_in: bool


def _link(href: str, key: str, lang: str, indent: str) -> tuple[str, str, str]:
    return (
        href,
        f'{indent}<li><a href="{escape(href)}"',
        f">{escape(i18n.message(key, lang))}</a></li>\n",
    )


@lru_cache(maxsize=1024)
def frame(lang: str, role: str | None, subject: str | None) -> Frame:
    """The header's parts for `lang` and the signed-in `role` (None when nobody is signed in)."""

    def t(key: str) -> str:
        return str(escape(i18n.message(key, lang)))

    other = "en" if lang == "nl" else "nl"
    top = (
        f'<a class="skip" href="#main">{t("nav.skip")}</a>\n'
        '<header class="site">\n'
        '  <div class="bar">\n'
        '    <a class="brand" href="/"><span class="mark" aria-hidden="true">LR</span> '
        f"{t('site.name')}</a>\n"
        f'    <a class="lang" href="/language?to={other}&amp;next='
    )
    mid = (
        f'" lang="{other}" aria-label="{t("nav.language_label")}">{t("nav.language")}</a>\n'
        "  </div>\n"
        f'  <nav aria-label="{t("nav.main")}">\n'
        "    <ul>\n"
    )
    links = [_link(href, key, lang, "      ") for href, key in _PUBLIC_LINKS]
    if role is not None:
        for href, key in _ROLE_LINKS.get(role, ()):
            links.append(_link(href.replace("{s}", str(subject)), key, lang, "        "))
    who = '    </ul>\n    <div class="who">\n'
    if role is not None:
        who += (
            f"      <span>{t('nav.signed_in_as')} "
            f"<strong>{escape(i18n.label('role', role, lang))}</strong></span>\n"
            '      <form method="post" action="/sign-out" class="inline">\n'
            '        <input type="hidden" name="csrf" value="'
        )
        end = (
            '">\n'
            f'        <button type="submit" class="link">{t("nav.sign_out")}</button>\n'
            "      </form>\n"
        )
    else:
        who += '      <a href="/sign-in?next='
        end = f'">{t("nav.sign_in")}</a>\n'
    end += "    </div>\n  </nav>\n</header>\n"
    return Frame(top, mid, tuple(links), who, end, role is not None)


def header(frame: Frame, path: str, back: str, csrf: str | None) -> str:
    """The header's HTML: `frame` for the page at `path`, whose return path (URL-quoted) is
    `back`; `csrf` the token of the sign-out form when someone is signed in."""
    back = str(escape(back))
    parts = [frame.top, back, frame.mid]
    for href, before, after in frame.links:
        parts.append(before)
        if href == path:
            parts.append(' aria-current="page"')
        parts.append(after)
    parts.append(frame.who)
    parts.append(str(escape(csrf)) if frame.signed_in else back)
    parts.append(frame.end)
    return "".join(parts)
