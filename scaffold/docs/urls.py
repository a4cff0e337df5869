"""URLs and paths in a doc: base URLs, path templates, concrete ids in examples."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from scaffold.docs.markdown import plain
from scaffold.docs.model import Block, Document, Evidence

URL = re.compile(r"https?://[\w.\-]+(?::\d+)?(?:/[\w{}<>:.\-/~%\[\]$@+=&?#]*)?")
_BASE_WORDS = re.compile(
    r"(?i)\b(?:base[ _-]?urls?|base|hosts?|hostname|environments?|sandbox|production|live|test(?:ing)?|"
    r"staging|endpoints?|api urls?|api|servers?|root url|url prefix|gateway urls?|integration|"
    r"certification|urls?|uri|(?:all |every |api )?(?:requests?|calls?) (?:go|are sent|is sent|are made)|"
    r"send (?:all |every |your )?(?:requests?|calls?))\b"
)
_DECOY_WORDS = re.compile(
    r"(?i)\b(?:return|redirect|callback|webhook|notif\w*|success|fail(?:ure|ed)?|cancel\w*|merchant|"
    r"dashboard|docs?|documentation|portal|support|status page|log ?in|sign ?up|privacy|terms|cookies?|"
    r"blog|github|back ?office|your (?:site|server|shop|store|endpoint|url|domain|backend|page|app|"
    r"application|website|system)|example response|response)\b"
)
_NOT_API_HOST = re.compile(
    r"(?i)^(?:www|docs?|developers?|dashboard|status|support|help|portal|blog|merchant|shop|my)\.|"
    r"your|merchant|example-?shop|localhost|mysite|mystore|yoursite"
)
_TRAILING = ".,;:)`'\"*>]"


@dataclass(frozen=True)
class BaseUrl:
    """A base URL the doc names, with the line naming it."""

    url: str
    evidence: Evidence


def clean_url(raw: str) -> str:
    """A URL without trailing punctuation or a fragment."""
    url = raw.rstrip(_TRAILING)
    return url.split("#")[0]


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def domain_of(host: str) -> str:
    """The last two labels of a host (``api.acme.test`` -> ``acme.test``)."""
    return ".".join(host.split(":")[0].split(".")[-2:])


def looks_like_id(segment: str) -> bool:
    """A concrete id in an example URL (``pay_8f2a91``, ``8ac7a4a17c7b7b4b``, a UUID), not a word."""
    if not segment or "{" in segment or re.fullmatch(r"v\d+(?:\.\d+)*", segment, re.I):
        return False
    if re.fullmatch(r"\d{3,}", segment) or re.fullmatch(
        r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", segment
    ):
        return True
    if not re.fullmatch(r"[A-Za-z0-9_\-]{6,}", segment):
        return False
    has_digit, has_alpha = bool(re.search(r"\d", segment)), bool(re.search(r"[A-Za-z]", segment))
    return (
        has_digit
        and has_alpha
        and (len(segment) >= 12 or (("_" in segment or "-" in segment) and len(segment) >= 7))
    )


@lru_cache(maxsize=8192)
def template(path: str) -> str:
    """``path`` with its placeholders written ``{name}`` and concrete ids as ``{id}``; no query string."""
    path = path.split("?")[0].split("#")[0]
    path = re.sub(r"%7B([^%/]*)%7D", r"{\1}", path, flags=re.I)
    path = re.sub(r"\{\{\s*([^}/]*?)\s*\}\}", r"{\1}", path)
    path = re.sub(r"(?<=/):([A-Za-z_]\w*)", r"{\1}", path)
    path = re.sub(r"<([^>/]*)>", r"{\1}", path)
    path = re.sub(r"\[([^\]/]*)\]", r"{\1}", path)
    path = path.rstrip(_TRAILING.replace("]", "")) or "/"
    segments = ["{id}" if looks_like_id(s) else s for s in path.split("/")]
    path = "/".join(segments)
    if not path.startswith("/"):
        path = "/" + path
    return path if path == "/" else path.rstrip("/")


def has_concrete_id(path: str) -> bool:
    return any(looks_like_id(s) for s in path.split("?")[0].split("/"))


def api_host(host: str) -> bool:
    """Whether ``host`` can be the API's (not a merchant's, a docs site's or a placeholder's)."""
    return bool(host) and not _NOT_API_HOST.search(host)


def _context_before(text: str, start: int) -> str:
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), -1) + 1
    return text[max(sentence_start, start - 80) : start]


def _base_candidate(url: str, before: str, label: str) -> bool:
    host = host_of(url)
    if not api_host(host) or has_concrete_id(url):
        return False
    if _DECOY_WORDS.search(before) or _DECOY_WORDS.search(label):
        return False
    return bool(_BASE_WORDS.search(before) or _BASE_WORDS.search(label))


def _block_urls(block: Block) -> list[tuple[str, str, str]]:
    """(url, text before it, row label) for each URL of a prose block or table."""
    found: list[tuple[str, str, str]] = []
    if block.kind == "table":
        header = " ".join(block.header)
        for row in block.rows:
            cells = [plain(c) for c in row.cells]
            for index, cell in enumerate(row.cells):
                for match in URL.finditer(cell):
                    label = " ".join(c for i, c in enumerate(cells) if i != index)
                    found.append((clean_url(match.group(0)), f"{header} {label}", ""))
        return found
    text = block.text
    for match in URL.finditer(text):
        found.append((clean_url(match.group(0)), _context_before(text, match.start()), ""))
    return found


def base_urls(doc: Document) -> list[BaseUrl]:
    """The base URLs the doc names in prose or tables (never in examples), each once."""
    found: dict[str, BaseUrl] = {}
    for block in doc.blocks:
        if block.kind not in ("text", "item", "table", "heading"):
            continue
        rows = {r.line: r for r in block.rows}
        for url, before, label in _block_urls(block):
            if url.rstrip("/") in {u.rstrip("/") for u in found} or not _base_candidate(url, before, label):
                continue
            line = doc.line_with(block, url)
            if block.kind == "table":
                line = next((n for n, r in rows.items() if any(url in c for c in r.cells)), line)
            found[url] = BaseUrl(url, doc.evidence(line))
    return list(found.values())


def relative_path(url: str, bases: list[BaseUrl]) -> str:
    """The path of ``url`` relative to the longest base URL it starts with (else to its host)."""
    for base in sorted(bases, key=lambda b: -len(b.url)):
        root = base.url.rstrip("/")
        if (
            urlsplit(root).path not in ("", "/")
            and url.startswith(root + "/")
            and url[len(root) :].strip("/")
        ):
            return url[len(root) :]
    return urlsplit(url).path or "/"
