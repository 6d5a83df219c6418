"""Errors rendered as Glance's webob renders them: JSON, HTML or plain text, by `Accept`.

webob offers `text/html` and `application/json`, in that order, to the request's `Accept`
header: the best match wins, `text/html` on a tie (so `*/*` gets HTML), and a request that
accepts neither (or sends no `Accept` at all) gets plain text. The body is built from a
template of the explanation and the detail, as `webob.exc.WSGIHTTPException` builds it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from string import Template

JSON = "application/json"
HTML = "text/html"
PLAIN = "text/plain"

# webob's reason phrases, which are not always the standard library's (416).
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    413: "Request Entity Too Large",
    414: "Request-URI Too Long",
    415: "Unsupported Media Type",
    416: "Request Range Not Satisfiable",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
EXPLANATIONS = {
    401: (
        "This server could not verify that you are authorized to access the document you "
        "requested. Either you supplied the wrong credentials (e.g., bad password), or your "
        "browser does not understand how to supply the credentials required."
    ),
    403: "Access was denied to this resource.",
    404: "The resource could not be found.",
    409: "There was a conflict when trying to complete your request.",
    410: "This resource is no longer available. No forwarding address is given.",
    413: "The body of your request was too large for this server.",
    416: "The Range requested is not available.",
    500: "The server has either erred or is incapable of performing the requested operation.",
    503: "The server is currently unavailable. Please try again at a later time.",
}
DEFAULT_EXPLANATION = (
    "The server could not comply with the request since it is either malformed or "
    "otherwise incorrect."
)
_BODY = Template("${explanation}<br /><br />\n${detail}\n${html_comment}\n")
# Two exceptions carry templates of their own, naming the method and the media type.
_BODIES = {
    405: Template(
        "The method ${REQUEST_METHOD} is not allowed for this resource. <br /><br />\n${detail}"
    ),
    415: Template(
        "The request media type ${CONTENT_TYPE} is not supported by this server.\n"
        "<br /><br />\n${detail}"
    ),
}
_PLAIN = Template("${status}\n\n${body}")
_HTML = Template(
    "<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n"
    "  ${body}\n </body>\n</html>"
)
_TAG = re.compile(r"<.*?>", re.S)
_BR = re.compile(r"<br.*?>", re.I | re.S)
_COMMENT = re.compile(r"<!--|-->")
_MEDIA_RANGE = re.compile(r"^\s*([^\s;/]+)/([^\s;]+)\s*(.*)$")


@dataclass(frozen=True)
class WebobError:
    """One error as Glance raises it: a status, an explanation (None: webob's default for
    the status) and a detail, plus the request facts the 405 and 415 templates name."""

    status: int
    explanation: str | None = None
    detail: str = ""
    method: str = ""
    content_type: str | None = None
    bare: bool = False
    """Raised with `body_template='${explanation}'`: the explanation alone, no markup."""

    @property
    def title(self) -> str:
        return TITLES.get(self.status, "Error")

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.title}"

    def body(self, escape: bool) -> str:
        quote = html.escape if escape else str
        explanation = self.explanation
        if explanation is None:
            explanation = EXPLANATIONS.get(self.status, DEFAULT_EXPLANATION)
        values = {
            "explanation": quote(explanation),
            "detail": quote(self.detail),
            "html_comment": "",
            "REQUEST_METHOD": quote(self.method),
        }
        if self.content_type is not None:  # webob leaves the placeholder when it is unset
            values["CONTENT_TYPE"] = quote(self.content_type)
        if self.bare:
            return values["explanation"]
        return _BODIES.get(self.status, _BODY).safe_substitute(values)

    def rendered(self, accept: str | None) -> tuple[str, bytes]:
        """The media type and body webob answers to a request with this `Accept`."""
        if self.method == "HEAD":  # webob skips its templates: an empty HTML answer
            return HTML, b""
        media_type = negotiate(accept)
        if media_type == JSON:
            document = {"message": self.body(False), "code": self.status_line, "title": self.title}
            return JSON, json.dumps(document).encode()
        if media_type == HTML:
            page = _HTML.substitute(status=self.status_line, body=self.body(True))
            return HTML, page.encode()
        plain = _PLAIN.substitute(status=self.status_line, body=_strip_tags(self.body(False)))
        return PLAIN, plain.encode()


def negotiate(accept: str | None) -> str:
    """`text/html` or `application/json`, whichever `accept` prefers (HTML on a tie), or
    `text/plain` when it accepts neither or is absent. A header webob cannot parse
    accepts anything, as a missing one would in HTTP (but not in webob)."""
    if not accept:
        return PLAIN
    ranges = [r for r in accept.split(",") if r.strip()]
    if not ranges or not all(_MEDIA_RANGE.match(r) for r in ranges):
        return HTML
    best: tuple[float, int] = (0.0, 0)
    choice = PLAIN
    for rank, offer in enumerate((HTML, JSON)):
        quality = _quality(accept, offer)
        if quality > best[0] or (quality == best[0] and quality > 0 and rank < best[1]):
            best, choice = (quality, rank), offer
    return choice


def _quality(accept: str, offer: str) -> float:
    """The quality `accept` gives `offer`: that of the most specific range matching it."""
    offer_type, offer_subtype = offer.split("/")
    found: tuple[int, float] = (-1, 0.0)
    for media_range in accept.split(","):
        match = _MEDIA_RANGE.match(media_range)
        if match is None:
            continue
        kind, subtype, parameters = match.group(1).lower(), match.group(2).lower(), match.group(3)
        if kind == "*" and subtype != "*":
            continue
        specificity = 2 if kind != "*" and subtype != "*" else 1 if kind != "*" else 0
        if (kind, subtype) not in ((offer_type, offer_subtype), (offer_type, "*"), ("*", "*")):
            continue
        if specificity > found[0]:
            found = (specificity, _q(parameters))
    return found[1]


def _q(parameters: str) -> float:
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _strip_tags(value: str) -> str:
    value = value.replace("\n", " ").replace("\r", "")
    value = _BR.sub("\n", value)
    value = _COMMENT.sub("", value)
    return _TAG.sub("", value)
