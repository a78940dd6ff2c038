"""Reads an HTML page into a Page: its body text block by block, and what the page declares about itself.

The text is one line per paragraph, heading or list item, with `<table>`s as pipe rows ("| a | b | c |"), taken from
the article element when there is one; scripts, navigation, landmarks of page furniture, hidden elements, heading
permalinks and small elements whose class names furniture (cookie banners, share bars, comments, ads) are dropped.
Title, publisher, author and date come from meta tags, JSON-LD, `<title>`, the first `<h1>` and a byline element.

The page is parsed by lxml and read with the rules BeautifulSoup applied to the same parser's events (the extractor
was written on bs4; building bs4's tree took two thirds of the loading time), so every page reads as it did then.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

from ingest.metadata import parse_date
from ingest.page import Page, pipe_row

_DROP_TAGS = ["script", "style", "nav", "footer", "aside", "form", "noscript", "svg", "iframe", "button",
              "template", "select", "dialog", "head"]
# class/id words of page furniture: cookie banners, share bars, comment threads, ads, promos.
_CHROME_CLASS = re.compile(r"(?:^|[-_ ])(?:cookies?|consent|advert\w*|ads?|share|sharing|social|comments?|newsletter"
                           r"|promo|subscribe|popup|modal|breadcrumbs?|paywall)(?:[-_ ]|$)", re.IGNORECASE)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}
_PERMALINK_MARKS = {"¶", "#", "§", "🔗"}  # heading anchors such as Sphinx's "¶"
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "figure", "figcaption", "address", "details", "summary", "hr",
               "body", "center", "caption", "tr"}


def read_html(html: str) -> Page:
    """Body text block by block (one line per paragraph, heading or list item; tables as pipe rows) from the
    article element when there is one, and the page's declared title, publisher, date and author."""
    tree = _Tree(html)
    top = tree.root
    declared = _html_declared(top)
    tree.dropped.update(top.iterdescendants(*_DROP_TAGS))
    stack = [c for c in reversed(top) if isinstance(c.tag, str)]  # parents before children, never below a dropped one
    while stack:
        el = stack.pop()
        if el in tree.dropped:
            continue
        if _is_chrome(tree, el):
            tree.dropped.add(el)
        else:
            stack.extend(reversed([c for c in el if isinstance(c.tag, str)]))
    root = _main_content(tree)
    h1 = tree.first(root, "h1")
    lines: list[str] = []
    _walk(tree, root, lines, [])
    title = " ".join(tree.text(h1).split()) if h1 is not None else None
    page = Page("\n".join(lines), title=title or declared.title, publisher=declared.publisher,
                author=declared.author or _byline(tree, root), date=declared.date, kind=declared.kind,
                notes=tree.notes)
    if declared.text and not page.publisher:  # "Headline | Site Name": the part that is not the headline
        page.publisher = _site_suffix(declared.text, page.title)
    if not page.title and declared.text:  # <title> text, without a " | Site" suffix naming the publisher
        page.title = _strip_site_suffix(declared.text, page.publisher)
    return page


def _is_chrome(tree: _Tree, el) -> bool:
    """Hidden elements, a site header outside the article, landmark roles of page furniture, heading permalinks and
    small elements whose class or id names furniture."""
    attrib = el.attrib
    if not attrib and el.tag not in ("a", "header"):
        return False
    marks = " ".join([*(attrib.get("class") or "").split(), attrib.get("id") or ""])
    hidden = "hidden" in attrib or attrib.get("aria-hidden") == "true" or \
        re.search(r"display\s*:\s*none", attrib.get("style") or "")
    site_header = el.tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors())
    landmark = attrib.get("role") in _CHROME_ROLES
    permalink = el.tag == "a" and tree.text(el).strip() in _PERMALINK_MARKS
    return bool(hidden or site_header or landmark or permalink or (
        marks.strip() and _CHROME_CLASS.search(marks) and _is_furniture(tree, el)))


def _is_furniture(tree: _Tree, el) -> bool:
    """A chrome-marked element small enough to be furniture: a wrapper holding the article or its heading is
    never dropped, whatever its class says ("has-comments", "ads-enabled")."""
    if el.tag in ("html", "body", "article", "main") or any(
            tree.live(d, el) for d in el.iterdescendants("article", "main", "h1")):
        return False
    return len(tree.text(el)) <= 1500


def _main_content(tree: _Tree):
    """The largest article, else main, else the element with role "main", else body, else the whole page."""
    top = tree.root
    articles = tree.all(top, "article")
    if articles:
        return max(articles, key=lambda a: len(tree.text(a)))
    for found in (tree.first(top, "main"),
                  next((el for el in top.iterdescendants(etree.Element) if el.get("role") == "main" and tree.live(el)),
                       None),
                  tree.first(top, "body")):
        if found is not None:  # (an lxml element without children is false: no `or` chain)
            return found
    return top


def _walk(tree: _Tree, node, out: list[str], buf: list[str]) -> None:
    """Appends the text under `node` to `out`, one line per block element; inline text collects in `buf`."""
    if node.text:
        buf.append(node.text)
    for child in node:
        _visit(tree, child, out, buf)


def _visit(tree: _Tree, child, out: list[str], buf: list[str]) -> None:
    """One child of a walked element (comments and processing instructions are no text), then the text after it."""
    name = child.tag
    if not isinstance(name, str) or child in tree.dropped or name == "img":
        pass
    elif name == "br":
        _flush(out, buf)
    elif name == "table":
        _flush(out, buf)
        out.extend(_table_lines(tree, child))
    elif name == "pre":
        _flush(out, buf)
        out.extend(line.rstrip() for line in tree.text(child).splitlines() if line.strip())
    elif name in _BLOCK_TAGS:
        _flush(out, buf)
        _walk(tree, child, out, buf)
        _flush(out, buf)
    else:
        _walk(tree, child, out, buf)
    if child.tail:
        buf.append(child.tail)


def _flush(out: list[str], buf: list[str]) -> None:
    line = " ".join("".join(buf).split())
    if line:
        out.append(line)
    buf.clear()


def _table_lines(tree: _Tree, table) -> list[str]:
    """A table as lines: its caption, then one line per row with the cells (header cells too) joined by " | ".
    A layout table (no row has two filled cells) is plain text: one line per filled cell."""
    trs = [tr for tr in tree.all(table, "tr") if next(tr.iterancestors("table")) is table]
    rows = [[text for c in tr if c.tag in ("th", "td") and c not in tree.dropped
             for text in [" ".join(tree.text(c, " ").split())] * _span(c)] for tr in trs]
    caption_el = tree.first(table, "caption")
    caption = " ".join(tree.text(caption_el, " ").split()) if caption_el is not None else ""
    if not any(sum(1 for c in row if c) >= 2 for row in rows):
        return [line for line in [caption, *(c for row in rows for c in row)] if line]
    kept = [(tr, row) for tr, row in zip(trs, rows) if any(row)]
    lines = [pipe_row(row) for _, row in kept]
    # The page says which rows are headers (<thead>, or rows of <th> only): a "|---|" line under them keeps that, so
    # a header row whose first cell is filled ("At December 31: | 2019 | 2018") is not read as the first data row.
    n_head = 0
    while n_head < len(kept) and _is_header_tr(kept[n_head][0]):
        n_head += 1
    # A last header row holding only a label ("Current income tax expense:") heads the rows under it, not columns.
    while n_head > 1 and kept[n_head - 1][1][0] and not any(kept[n_head - 1][1][1:]):
        n_head -= 1
    if 0 < n_head < len(kept):
        lines.insert(n_head, pipe_row(["---"] * len(kept[n_head - 1][1])))
    return [line for line in [caption, *lines] if line]


def _is_header_tr(tr) -> bool:
    """A row of a table's <thead>, or a row whose cells are all <th>."""
    group = next(tr.iterancestors("thead", "tbody", "tfoot", "table"), None)  # the nearest
    cells = [c for c in tr if c.tag in ("th", "td")]
    return (group is not None and group.tag == "thead") or bool(cells) and all(c.tag == "th" for c in cells)




def _span(cell) -> int:
    """A header spanning several columns ("2024" over "RMB | US$") is repeated over each, capped for safety."""
    try:
        return max(1, min(int(cell.get("colspan", 1)), 50))
    except (TypeError, ValueError):
        return 1


@dataclass
class _Declared:
    """What an HTML page declares about itself in meta tags, JSON-LD and <title>."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    kind: str | None = None  # from a JSON-LD type that says it (PressRelease, OpinionNewsArticle)
    text: str | None = None  # the <title> element's text


_META_ATTRS = ("property", "name", "itemprop")
_LD_JSON = re.compile("ld\\+json", re.IGNORECASE)


def _meta_tags(top) -> dict[tuple[str, str], str]:
    """(attribute, lower-cased key) -> the content of the first <meta> tag with it, from one pass over the page (a
    search of the whole tree per key took a third of a documentation ingest's parsing time)."""
    out: dict[tuple[str, str], str] = {}
    for tag in top.iter("meta"):
        for attr in _META_ATTRS:
            key = tag.get(attr)
            if isinstance(key, str):
                out.setdefault((attr, key.lower()), tag.get("content") or "")
    return out


def _meta(tags: dict[tuple[str, str], str], *keys: str) -> str | None:
    for key in keys:
        for attr in _META_ATTRS:
            content = tags.get((attr, key.lower()), "").strip()
            if content:
                return " ".join(content.split())
    return None


def _html_declared(top) -> _Declared:
    ld = _json_ld_article(top)
    tags = _meta_tags(top)
    d = _Declared()
    d.title = _meta(tags, "og:title", "twitter:title") or _ld_text(ld.get("headline"))
    site = _meta(tags, "og:site_name", "application-name", "publisher", "article:publisher")
    if site and site.startswith("http"):
        site = None
    d.publisher = site or _ld_name(ld.get("publisher"))
    d.kind = _ld_kind(ld.get("@type"))
    author = _meta(tags, "author", "article:author", "byl", "sailthru.author", "parsely-author")
    if author and author.startswith("http"):
        author = None
    d.author = (re.sub(r"^by\s+", "", author, flags=re.IGNORECASE) if author else None) or _ld_name(ld.get("author"))
    date_text = _meta(tags, "article:published_time", "og:article:published_time", "datePublished", "pubdate",
                      "publishdate", "publish-date", "date", "dc.date", "dcterms.date", "dc.date.issued",
                      "citation_publication_date", "parsely-pub-date", "sailthru.date") or _ld_text(ld.get("datePublished"))
    if not date_text:
        time = next((t for t in top.iter("time") if t.get("datetime") is not None), None)
        date_text = time.get("datetime") if time is not None else None
    d.date = parse_date(date_text)
    title = next(top.iter("title"), None)
    title_text = _string(title) if title is not None else None
    if title_text:
        d.text = " ".join(title_text.split())
    return d


def _json_ld_article(top) -> dict:
    """The first schema.org Article-like object in the page's JSON-LD, or {}."""
    for script in top.iter("script"):
        if not _LD_JSON.search(script.get("type") or ""):
            continue
        try:
            data = json.loads(_string(script) or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and ("Article" in k or k in ("PressRelease", "Report")) for k in kinds):
                    return item
                stack.extend(item.get("@graph", []))
    return {}


def _ld_kind(value) -> str | None:
    """The kind a schema.org type says the page is: a press release or an opinion piece; None for plain articles
    (the text's own shape then decides)."""
    for t in value if isinstance(value, list) else [value]:
        if t == "PressRelease":
            return "press release"
        if isinstance(t, str) and t.startswith("Opinion"):
            return "opinion"
    return None


def _ld_text(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _ld_name(value) -> str | None:
    """The name of a JSON-LD person or organisation (or of several people, joined with "and")."""
    if isinstance(value, list):
        names = [n for n in map(_ld_name, value) if n]
        return " and ".join(names) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    return _ld_text(value)


def _byline(tree: _Tree, root) -> str | None:
    """The text of a byline element (rel="author", or a class naming a byline/author), without its "By"."""
    tag = _first_byline_tag(tree, root)
    if tag is None:
        return None
    text = re.sub(r"^by\s+", "", " ".join(tree.text(tag, " ").split()), flags=re.IGNORECASE)
    return text if 0 < len(text) <= 80 else None


_BYLINE_CLASS = re.compile(r"byline|author", re.IGNORECASE)
_MULTI_REL = {"a", "link", "area"}  # where bs4 read rel as a list of words


def _first_byline_tag(tree: _Tree, root):
    """The first element under root with rel="author", else the first whose class names a byline or author."""
    by_class = None
    for el in root.iterdescendants(etree.Element):
        rel, cls = el.get("rel"), el.get("class")
        if rel is None and cls is None or not tree.live(el, root):
            continue
        if rel is not None and (rel == "author" or (el.tag in _MULTI_REL and "author" in rel.split())):
            return el
        if by_class is None and cls and any(_BYLINE_CLASS.search(c) for c in cls.split()):
            by_class = el
    return by_class


def _site_suffix(title_text: str, headline: str | None) -> str | None:
    """The site's name in a <title> that is the page's own headline followed by a separator and a short name in
    capitals ("Harbour dredging to finish | Tidewater Gazette"); None when the <title> is anything else."""
    seps = list(re.finditer(r"\s+[|–—-]\s+", title_text))
    if not seps or not headline:
        return None
    before, after = title_text[:seps[-1].start()].strip(), title_text[seps[-1].end():].strip()
    words = after.split()
    if " ".join(before.split()).lower() != " ".join(headline.split()).lower() or not 1 <= len(words) <= 5:
        return None
    return after if all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "and", "&") for w in words) \
        else None


def _strip_site_suffix(title: str, publisher: str | None) -> str:
    seps = list(re.finditer(r"\s+[|–—-]\s+", title))
    if seps and publisher and title[seps[-1].end():].strip().lower() == publisher.lower():
        return title[: seps[-1].start()]
    return title


# --- the page's tree, read with bs4's rules --------------------------------------------------------------------

# What bs4's "lxml" builder did to the tree, kept so the text is the same: its strings inside these tags are of a
# type of their own that get_text leaves out elsewhere, and a string of ASCII spaces outside <pre>/<textarea> was
# one space (or one newline, if it had one).
_CONTAINERS = {"rt", "rp", "style", "script", "template"}
_PRESERVE = {"pre", "textarea"}
_ASCII_SPACES = " \n\t\f\r"

_DOCUMENT = "Document"  # the page's own element: lxml's HTML parser lower-cases every name, so no tag is called this


class _Events(etree.TreeBuilder):
    """Builds the tree of every element lxml's HTML parser reports, under one `_DOCUMENT` element. lxml's own tree
    keeps only the first <html>; a page with more after "</html>" (lxml opens a second <html> for it) is read this
    way, as bs4 read it. Names lxml will not take as element or attribute names are no names we look for: the element
    is "Unknown", the attribute left out; a comment is never read, so one lxml refuses ("a -- b") is kept empty."""

    def __init__(self):
        super().__init__()
        self.renamed: set[str] = set()
        self.start(_DOCUMENT, {})

    def start(self, tag, attrs, *nsmap):
        try:
            return super().start(tag, attrs, *nsmap)
        except ValueError:
            if not _valid(tag, {}):
                self.renamed.add(tag)
            return super().start("Unknown" if tag in self.renamed else tag,
                                 {k: v for k, v in attrs.items() if _valid("a", {k: v})})

    def end(self, tag):
        return super().end("Unknown" if tag in self.renamed else tag)

    def comment(self, text):
        try:
            return super().comment(text)
        except ValueError:
            return super().comment("")

    def close(self):
        self.end(_DOCUMENT)
        return super().close()


def _valid(tag: str, attrs: dict) -> bool:
    """Whether lxml takes this element name and these attributes."""
    try:
        etree.Element(tag, attrs)
        return True
    except ValueError:
        return False


class _Tree:
    """A page parsed by lxml, and the elements dropped from it. This is the tree bs4 used to build from the same
    parser's events, read with bs4's rules; building bs4's own took two thirds of the loading time. Dropped elements
    stay in the tree and every reader skips them, so the strings on either side stay two strings, as in bs4."""

    def __init__(self, html: str):
        if html[:1] == "\ufeff":
            html = html[1:]
        self.notes: list[str] = []  # what of the page could not be read as written
        self.root = _parse(html, self.notes)
        self.dropped: set = set()

    def live(self, el, top=None) -> bool:
        """Whether el is in the page still: neither it nor an ancestor (up to top) dropped."""
        if not self.dropped:
            return True
        while el is not None and el is not top:
            if el in self.dropped:
                return False
            el = el.getparent()
        return True

    def first(self, top, tag: str):
        """The first element named tag under top still in the page, or None."""
        for el in top.iterdescendants(tag):
            if self.live(el, top):
                return el
        return None

    def all(self, top, tag: str) -> list:
        return [el for el in top.iterdescendants(tag) if self.live(el, top)]

    def text(self, el, sep: str = "") -> str:
        """What bs4's get_text(sep) returned for el."""
        own = el.tag if el.tag in _CONTAINERS else None
        container = own
        keep = el.tag in _PRESERVE
        for a in el.iterancestors():
            if container is None and a.tag in _CONTAINERS:
                container = a.tag
            keep = keep or a.tag in _PRESERVE
        parts: list[str] = []
        self._strings(el, container, keep, own, parts)
        return sep.join(parts)

    def _strings(self, el, container, keep, own, parts) -> None:
        if el.text and container == own:
            parts.append(el.text if keep else _collapsed(el.text))
        for child in el:
            if isinstance(child.tag, str) and child not in self.dropped:
                self._strings(child, child.tag if child.tag in _CONTAINERS else container,
                              keep or child.tag in _PRESERVE, own, parts)
            if child.tail and container == own:
                parts.append(child.tail if keep else _collapsed(child.tail))


# Text or an element after "</html>" (comments and spaces between): lxml's parser opens a second <html> for it.
_AFTER_HTML = re.compile(r"</html\b[^>]*>\s*(?:<!--.*?-->\s*)*[^\s]", re.IGNORECASE | re.DOTALL)


# libxml2 stops reading a page at 256 nested elements and drops the rest of it, the text after the nest too, without
# an error. A tree that reaches that depth is read again with every element deeper than FLAT_DEPTH flattened to its
# text (Python's recursion in the walk below stays far from its limit too).
LXML_DEPTH = 255
FLAT_DEPTH = 100
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


# An element nested near lxml's limit: one fixed path, evaluated in C (walking every page's tree in Python to measure
# its depth cost a tenth of reading it).
_NEAR_LIMIT = etree.XPath("/".join(["*"] * (LXML_DEPTH - 5)))


def _too_deep(doc) -> bool:
    """Whether the tree reaches (nearly) as deep as lxml reads: it may have lost what lay deeper and after."""
    return bool(_NEAR_LIMIT(doc))


def flatten_deep(html: str, limit: int = FLAT_DEPTH) -> tuple[str, int]:
    """The page with every tag that opens or closes deeper than `limit` nested elements removed (their text stays,
    in order), and how many tags went. Depth is counted from the tags as written (void elements aside), so a page
    that leaves elements unclosed is flattened sooner, never later."""
    out, at, depth, removed = [], 0, 0, 0
    for m in _TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or selfclosing:
            continue
        deep = (depth >= limit) if not closing else (depth > limit)
        depth = depth + 1 if not closing else max(0, depth - 1)
        if deep:
            out.append(html[at:m.start()])
            at = m.end()
            removed += 1
    out.append(html[at:])
    return "".join(out), removed


def _parse(html: str, notes: list[str]):
    """The page's tree under a `_DOCUMENT` element (see `_parse_once`); a page nested deeper than lxml reads is
    read flattened below FLAT_DEPTH, and `notes` says so (and what could still not be read)."""
    doc = _parse_once(html)
    if not _too_deep(doc):
        return doc
    flat, removed = flatten_deep(html)
    doc = _parse_once(flat)
    notes.append(f"elements nested deeper than {LXML_DEPTH} levels: the {removed:,} tags below level {FLAT_DEPTH} "
                 f"were flattened, their text kept")
    if _too_deep(doc):
        notes.append(f"text nested deeper than {LXML_DEPTH} levels even so was not read")
    return doc


def _parse_once(html: str):
    """The page's tree under a `_DOCUMENT` element: lxml's own tree, or for a page with more after "</html>" the
    tree of its parser's events (slower, and it refuses control characters in text, for which lxml's own tree is
    used still)."""
    if _AFTER_HTML.search(html):
        try:
            parser = etree.HTMLParser(target=_Events(), recover=True)
            parser.feed(html)
            return parser.close()
        except ValueError:
            pass
    doc = etree.Element(_DOCUMENT)
    parser = etree.HTMLParser(recover=True)
    try:
        parser.feed(html)
        root = parser.close()
    except etree.LxmlError:
        root = None  # no element at all (only a comment, say)
    if root is not None:
        doc.append(root)
    return doc


def _collapsed(s: str) -> str:
    if s.strip(_ASCII_SPACES):
        return s
    return "\n" if "\n" in s else " "


def _string(el) -> str | None:
    """What bs4's `.string` was: the text of an element with one child, that child's if it is an element."""
    nodes = ([el.text] if el.text else [])
    for child in el:
        nodes.append(child)
        if child.tail:
            nodes.append(child.tail)
    if len(nodes) != 1:
        return None
    node = nodes[0]
    if isinstance(node, str):
        return _collapsed(node)
    if isinstance(node.tag, str):
        return _string(node)
    if node.tag is etree.PI:
        return _collapsed(f"{node.target} {node.text or ''}")
    return _collapsed(node.text or "")
