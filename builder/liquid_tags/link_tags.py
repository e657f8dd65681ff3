"""Link tags: ``{% link /path %}`` and its list, intro and card variants (spec §5.4).

The argument is rendered as Liquid first (``{% link /enterprise/{{ page.version }}/x %}``,
``{% link {{ href }} %}``), in the full scope, so it also sees ``assign``-ed variables.  Finding
the target page, and deciding that a link must vanish (missing, hidden, not in this version),
is the render pipeline's job: :meth:`RenderServices.link_data`.  These tags only format.
"""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING, Callable, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError as PyLiquidError
from liquid.exceptions import LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import Token

from ..liquid_env import LinkData, current_file, token_line
from ._common import inline_tag

if TYPE_CHECKING:
    from liquid import BoundTemplate
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

Formatter = Callable[[LinkData, "RenderContext"], str]
_ARROW = '<span class="Bump-link-symbol">→</span>'


def _link(link: LinkData, context: RenderContext) -> str:
    return f'<a class="link-title Bump-link--hover no-underline" href="{link.href}">{link.title}</a>'


def _link_with_short_title(link: LinkData, context: RenderContext) -> str:
    """Not in the original: the issue tracker asked for it.  Short title, else title."""
    text = link.short_title or link.title
    return f'<a class="link-title Bump-link--hover no-underline" href="{link.href}">{text}</a>'


def _link_in_list(link: LinkData, context: RenderContext) -> str:
    return (f'- <a class="article-link link Bump-link--hover no-underline" href="{link.href}">'
            f'{link.title}</a>')


def _topic_link_in_list(link: LinkData, context: RenderContext) -> str:
    return (f'- <a class="topic-link link Bump-link--hover no-underline" href="{link.href}">'
            f'{link.title}</a>')


def _link_with_intro(link: LinkData, context: RenderContext) -> str:
    text = (f'<a class="link-with-intro Bump-link--hover no-underline" href="{link.href}">\n'
            f'  <h2 class="link-with-intro-title f4">{link.title}{_ARROW}</h2>\n</a>\n')
    if link.intro:
        text += f'<p class="link-with-intro-intro">{link.intro}</p>'
    return text


def _homepage_link_with_intro(link: LinkData, context: RenderContext) -> str:
    return ('<a class="link-with-intro Bump-link--hover no-underline d-block offset-lg-2 '
            f'col-lg-8 mb-5" href="{link.href}">\n'
            f'  <h4 class="link-with-intro-title h4-mktg">{link.title}{_ARROW}</h4>\n'
            f'  <p class="link-with-intro-intro f5">{link.intro}</p>\n</a>')


def _guide_type_label(link: LinkData, context: RenderContext) -> str:
    """``site.data.ui.product_sublanding.guide_types[type]`` in the current language."""
    if not link.type:
        return ""
    path = ["site", "data", "ui", "product_sublanding", "guide_types", link.type]
    value = context.get(path, token=None, default="")
    return value if isinstance(value, str) else ""


def _link_as_article_card(link: LinkData, context: RenderContext) -> str:
    """includes/liquid-tags/link-as-article-card.html, whitespace as Liquid leaves it."""
    topics = "".join(
        f'\n          <span class="IssueLabel bg-gradient--pink-blue text-white mr-1">{topic}'
        '</span>\n        ' for topic in link.topics)
    labels = f"\n      <div>\n        {topics}\n      </div>\n    " if link.topics else ""
    return (
        '<div class="d-flex col-12 col-md-4 pr-0 pr-md-6 pr-lg-8 <display condition> '
        f'js-filter-card" data-type="{link.type}" data-topics="{",".join(link.topics)}">\n'
        f'  <a class="no-underline d-flex flex-column py-3 border-bottom" href="{link.href}">\n'
        f'    <h4 class="h4 text-gray-dark mb-1">{link.title}</h4>\n'
        f'    <div class="text-purple h6 text-uppercase">{_guide_type_label(link, context)}</div>\n'
        f'    <p class="text-gray my-3">{link.intro}</p>\n'
        f'    {labels}\n  </a>\n</div>')


FORMATS: dict[str, Formatter] = {
    "link": _link,
    "link_with_short_title": _link_with_short_title,
    "link_in_list": _link_in_list,
    "topic_link_in_list": _topic_link_in_list,
    "link_with_intro": _link_with_intro,
    "homepage_link_with_intro": _homepage_link_with_intro,
    "link_as_article_card": _link_as_article_card,
}


class LinkNode(Node):
    __slots__ = ("name", "href", "template")

    def __init__(self, token: Token, name: str, href: str, template: BoundTemplate | None):
        super().__init__(token)
        self.name = name
        self.href = href  # the literal argument, when it holds no Liquid
        self.template = template  # the argument as a template, when it does
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        href = self.href
        if self.template is not None:
            out = StringIO()
            self.template.render_with_context(context, out)
            href = out.getvalue().strip()
        services = context.env.services  # type: ignore[attr-defined]
        link = services.link_data(href, context.globals)
        if link is None:
            # empty is right for a page hidden or not in this version; a page that exists in
            # no version at all is a broken link the writer must hear about
            problem = getattr(services, "link_problem", None)
            message = problem(href, context.globals) if problem else None
            if message:
                services.warn(getattr(message, "kind", "link-missing"), message,
                              current_file(context),
                              token_line(self.token, context.template))
            return 0
        return buffer.write(FORMATS[self.name](link, context).strip())


class LinkTag(Tag):
    """Base of the link tags; subclasses only set ``name``."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = inline_tag(stream)
        if expression is None:
            raise LiquidSyntaxError(f"missing link target in {{% {token.value} %}}", token=token)
        arg = expression.value.strip()
        if "{{" not in arg and "{%" not in arg:
            return LinkNode(token, self.name, arg, None)
        try:
            template = self.env.from_string(arg)
        except PyLiquidError as err:
            raise LiquidSyntaxError(f"bad link target '{arg}': {err.message}",
                                    token=expression) from None
        return LinkNode(token, self.name, "", template)


def _tag_class(name: str) -> type[Tag]:
    title = "".join(part.capitalize() for part in name.split("_"))
    return type(f"{title}Tag", (LinkTag,), {"name": name})


TAGS: tuple[type[Tag], ...] = tuple(_tag_class(name) for name in FORMATS)
