"""Ingest: files and folders in, one ``SourceText`` per article (or one ``Problem`` per bad input) out.

Accepted inputs: ``.txt`` (one article), ``.html``/``.htm`` (one article, text extracted) and ``.jsonl``
(one article per line: ``text`` required, ``id``, ``title``, ``date``, ``url`` optional), each also
gzip-compressed (``.jsonl.gz``, ``.txt.gz``), and ``-`` for JSON Lines on standard input. Folders are walked
recursively in sorted order; other files in a folder (and ``README*``) are skipped. Everything streams: a
JSONL file is read line by line, so a 100,000-line file never sits in memory whole.

>>> result = read_inputs(["seeds"])
>>> [doc.doc_id for doc in result.documents][:2], result.problems
(['000_bca8149a483b46b9', '001_1a99b36b3c40a152'], [])
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import KgError
from kg.model import IngestResult, Problem, SourceText

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "STDIN",
    "MAX_ARTICLE_BYTES",
    "UnreadableInput",
    "count_articles",
    "decode_bytes",
    "html_to_text",
    "iter_sources",
    "read_inputs",
]

#: File types read from a folder (a file named explicitly is read whatever its extension).
ACCEPTED_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".txt.gz", ".html.gz")
#: The input name that stands for JSON Lines on standard input.
STDIN = "-"
#: Largest single article (a .txt/.html file or one JSONL line). News articles weigh a few KB, a long
#: web page with markup under 2 MB: anything bigger is not one article and is rejected unread, with a
#: message pointing to JSONL, which has no size limit as it is read line by line.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
#: Share of control characters above which decoded data is binary, not text.
MAX_CONTROL_RATIO = 0.01
#: Share of characters that must be letters, digits, spaces or punctuation for a Windows-1256 reading
#: to count as text (every byte decodes in Windows-1256, so this is what tells text from noise).
MIN_PLAIN_RATIO = 0.9
#: Damaged UTF-8 (a few bad bytes in otherwise valid UTF-8) is read with the bad bytes replaced when at
#: most this share of the characters are replacements.
MAX_REPLACED_RATIO = 0.001

_SNIFF_BYTES = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_PLAIN = re.compile(r"[\w\s\u060c\u061b\u061f\u064b-\u065f\u0670.,;:!?'\"()\[\]{}\-–—_/\\%+=*&#@$…«»“”‘’•|<>~^`]")


class UnreadableInput(KgError, ValueError):
    """Raised by ``decode_bytes`` for data that is not text in a supported encoding (one-line message)."""


# --------------------------------------------------------------------------------------------- encodings


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes fall only on odd/even positions (as ASCII spaces, digits
    and newlines of UTF-16 text do), else ``None``."""
    sample = data[:_SNIFF_BYTES]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls and not even_nuls:
        return "utf-16-le"
    if even_nuls and not odd_nuls:
        return "utf-16-be"
    return None


def _check_text(text: str, encoding: str) -> None:
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > MAX_CONTROL_RATIO:
        raise UnreadableInput(f"binary data, not text ({controls} control characters as {encoding})")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode an article's bytes and say how: UTF-8 (with or without BOM), UTF-16 LE/BE (with a BOM, or
    without one, told by where the NUL bytes fall), else Windows-1256 (older Arabic sites). Raises
    ``UnreadableInput`` for binary data or bytes that make no sense in any of these encodings. UTF-8 with
    a handful of damaged bytes is read with them replaced (encoding ``utf-8-replace``).

    >>> decode_bytes("غزة".encode("cp1256"))
    ('غزة', 'cp1256')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "غزة".encode("utf-16-le"))
    ('غزة', 'utf-16')
    """
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif 0 in data[:_SNIFF_BYTES]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise UnreadableInput("binary data, not text (NUL bytes)")
        encodings = [utf16]
    else:
        encodings = ["utf-8", "cp1256"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1256" and _looks_like_broken_utf8(data):
            break
        if encoding == "cp1256" and text and len(_PLAIN.findall(text)) / len(text) < MIN_PLAIN_RATIO:
            break
        _check_text(text, encoding)
        return text, encoding
    if "utf-8" in encodings or "utf-8-sig" in encodings:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(1, len(text) * MAX_REPLACED_RATIO):
            _check_text(text, "utf-8")
            return text, "utf-8-replace"
    raise UnreadableInput("cannot decode: not UTF-8, UTF-16 or Windows-1256 text")


def _looks_like_broken_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 multi-byte sequences: damaged UTF-8, which Windows-1256 would turn into mojibake."""
    lead_bytes = sum(1 for byte in data[:_SNIFF_BYTES] if byte >= 0xC2 and byte <= 0xF4)
    valid = len(re.findall(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}",
                           data[:_SNIFF_BYTES]))
    return lead_bytes > 0 and valid / lead_bytes > 0.9


def _sniff_encoding(head: bytes) -> str:
    """Encoding of a JSONL file from its first bytes (BOM or NUL pattern); UTF-8 otherwise (JSON's default)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if 0 in head:
        return _utf16_without_bom(head) or "binary"
    return "utf-8"


# ---------------------------------------------------------------------------------------------------- html

_SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "svg",
                 "template", "button", "select", "figcaption", "menu"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "section",
               "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dd", "dt", "figure"}


class _ArticleTextParser(HTMLParser):
    """Collects the visible text of a page as lines (one per paragraph or heading), the ``<title>``, the
    first ``<h1>``, and separately the text inside ``<article>`` (preferred when the page has one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page: list[str] = []
        self.article: list[str] = []
        self.title = ""
        self.h1 = ""
        self._skip_depth = 0
        self._skipping: dict[str, list[bool]] = {}
        self._article_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._h1_done = False
        self._line: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            # An article's own <header> holds its headline: only page headers are furniture.
            skipped = not (tag == "header" and self._article_depth)
            self._skipping.setdefault(tag, []).append(skipped)
            self._skip_depth += skipped
        elif tag == "title":
            self._in_title = True
        elif tag == "article":
            self._break()
            self._article_depth += 1
        if tag in _BLOCK_TAGS:
            self._break()
        if tag == "h1" and not self._h1_done and not self._skip_depth:
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            opened = self._skipping.get(tag)
            self._skip_depth -= bool(opened and opened.pop())
        elif tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self._break()
        if tag == "h1" and self._in_h1:
            self._in_h1, self._h1_done = False, True
        if tag == "article":
            self._article_depth = max(0, self._article_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self._line.append(data)
            if self._in_h1:
                self.h1 += data

    def _break(self) -> None:
        line = " ".join("".join(self._line).split())
        self._line = []
        if line:
            self.page.append(line)
            if self._article_depth:
                self.article.append(line)

    def close(self) -> None:
        super().close()
        self._break()


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible article text of an HTML page, one paragraph or heading per line, and its title (the first
    ``<h1>``, else ``<title>`` without a trailing " | Site" part). Scripts, styles, navigation, headers,
    footers and asides are dropped; when the page has an ``<article>`` only its text is kept.

    >>> html_to_text("<title>خبر | موقع</title><nav>الرئيسية</nav><h1>بايدن يلتقي نتنياهو</h1><p>التقى الرئيسان.</p><script>x()</script>")
    ('بايدن يلتقي نتنياهو\\nالتقى الرئيسان.', 'بايدن يلتقي نتنياهو')
    """
    parser = _ArticleTextParser()
    parser.feed(html)
    parser.close()
    lines = parser.article or parser.page
    title = " ".join(parser.h1.split()) or _strip_site_name(" ".join(parser.title.split()))
    return "\n".join(lines), title or None


def _strip_site_name(title: str) -> str:
    """"Headline | Site" or "Headline - Site" -> "Headline" when the last part is short (a site name)."""
    parts = re.split(r"\s+[|\-–—]\s+", title)
    if len(parts) > 1 and len(parts[-1].split()) <= 3:
        return " ".join(" - ".join(parts[:-1]).split())
    return title


# ------------------------------------------------------------------------------------------------ sources


def _read_article_file(path: Path, doc_id: str) -> SourceText | Problem:
    """One .txt/.html (or unknown-extension) file as one article."""
    source = str(path)
    compressed = path.suffix.lower() == ".gz"
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return Problem(source, f"file too large for one article ({size / 2**20:.0f} MB > "
                                   f"{MAX_ARTICLE_BYTES // 2**20} MB): put one article per line in a .jsonl file")
        with (gzip.open(path, "rb") if compressed else path.open("rb")) as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        return Problem(source, f"cannot read file: {getattr(error, 'strerror', None) or error}")
    if len(data) > MAX_ARTICLE_BYTES:
        return Problem(source, f"file too large for one article (over {MAX_ARTICLE_BYTES // 2**20} MB "
                               "uncompressed): put one article per line in a .jsonl file")
    if not data.strip():
        return Problem(source, "empty file")
    try:
        text, encoding = decode_bytes(data)
    except UnreadableInput as error:
        return Problem(source, str(error))
    title = None
    html = _kind(path) in (".html", ".htm")
    if html:
        text, title = html_to_text(text)
    if not text.strip():
        return Problem(source, "no article text in the page" if html else "empty file")
    return SourceText(doc_id=doc_id, path=source, text=text, title=title, encoding=encoding)


def _optional_str(record: dict, field: str) -> str | None:
    value = record.get(field)
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


def _read_jsonl(path: Path) -> Iterator[SourceText | Problem]:
    """Articles of a JSONL file (gzip-compressed when it ends in ``.gz``; standard input for ``-``),
    streamed line by line; a bad line is a Problem naming ``file:line``."""
    source = str(path)
    try:
        if source == STDIN:
            handle = io.BufferedReader(_Unclosed(sys.stdin.buffer))
        elif path.suffix.lower() == ".gz":
            handle = io.BufferedReader(gzip.open(path, "rb"))
        else:
            handle = path.open("rb")
    except OSError as error:
        yield Problem(source, f"cannot read file: {error.strerror or error}")
        return
    with handle:
        try:
            encoding = _sniff_encoding(handle.peek(4096)[:4096])
        except (OSError, EOFError, zlib.error) as error:
            yield Problem(source, f"cannot read file: {error}")
            return
        if encoding == "binary":
            yield Problem(source, "binary data, not text (NUL bytes)")
            return
        reader = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline=None)
        number = 0
        empty = True
        while True:
            where = f"{source}:{number + 1}"
            try:
                line = reader.readline(MAX_ARTICLE_BYTES + 1)
            except UnicodeDecodeError:
                yield Problem(where, f"cannot decode line as {encoding}; the rest of the file is skipped")
                return
            except (OSError, EOFError, zlib.error) as error:  # a damaged or cut gzip stream
                yield Problem(where, f"cannot read further ({error}); the rest of the file is skipped")
                return
            if not line:
                break
            number += 1
            if len(line) > MAX_ARTICLE_BYTES and not line.endswith("\n"):
                yield Problem(where, f"line longer than {MAX_ARTICLE_BYTES // 2**20} MB: skipped")
                while line and not line.endswith("\n"):
                    line = reader.readline(MAX_ARTICLE_BYTES)
                continue
            if not line.strip():
                continue
            empty = False
            yield _jsonl_record(line, path, number)
        if empty:
            yield Problem(source, "empty file")


def _jsonl_record(line: str, path: Path, number: int) -> SourceText | Problem:
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(where, f"not valid JSON ({error.msg} at column {error.colno}): line skipped")
    if not isinstance(record, dict):
        return Problem(where, "not a JSON object: line skipped")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(where, "no \"text\" field (or it is empty): line skipped")
    return SourceText(
        doc_id=_optional_str(record, "id") or f"{'stdin' if str(path) == STDIN else _stem(path)}-{number}",
        path=where,
        text=text,
        title=_optional_str(record, "title"),
        date=_optional_str(record, "date"),
        url=_optional_str(record, "url"),
    )


def _folder_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in sorted order; hidden files and folders left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _extension(path: Path) -> str:
    """A file's extension, with the one before ``.gz`` (``.jsonl.gz``), in lower case."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return "".join(suffixes) if len(suffixes) == 2 and suffixes[1] == ".gz" else path.suffix.lower()


def _kind(path: Path) -> str:
    """The extension that says what a file holds, without ``.gz``: ``.jsonl`` for ``a.jsonl.gz``."""
    return _extension(path).removesuffix(".gz") or path.suffix.lower()


def _stem(path: Path) -> str:
    """The file name without its extensions of :data:`ACCEPTED_EXTENSIONS` (``2015-08-09.jsonl.gz`` -> ``2015-08-09``)."""
    name = path.name
    for extension in sorted(ACCEPTED_EXTENSIONS, key=len, reverse=True):
        if name.lower().endswith(extension):
            return name[:-len(extension)]
    return path.stem


def _file_sources(path: Path) -> Iterator[SourceText | Problem]:
    if _kind(path) == ".jsonl":
        yield from _read_jsonl(path)
    else:
        yield _read_article_file(path, _stem(path))


class _Unclosed(io.RawIOBase):
    """Standard input read through a buffered reader that must not close it."""

    def __init__(self, raw):
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def iter_sources(paths: Sequence[str | Path] | str | Path) -> Iterator[SourceText | Problem]:
    """Stream the articles of files and folders, in a deterministic order, as ``SourceText`` (one per
    article) and ``Problem`` (one per input that cannot be used, with a one-line message).

    ``doc_id`` is the file stem (``000_bca8149a483b46b9``), for JSONL the ``id`` field or else
    ``<file stem>-<line number>``; a repeated id gets a ``-2``, ``-3``... suffix in reading order.

    >>> [item.message for item in iter_sources(["no/such/folder"])]
    ['does not exist']
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: Counter[str] = Counter()
    for given in paths:
        path = Path(given)
        if str(given) == STDIN:
            items = _read_jsonl(path)
        elif not path.exists():
            yield Problem(str(path), "does not exist")
            continue
        elif path.is_dir():
            items = _folder_sources(path)
        elif not path.is_file():  # a FIFO would hang the build, /dev/zero never ends
            yield Problem(str(path), "not a regular file: only files and folders are read")
            continue
        else:
            items = _file_sources(path)
        for item in items:
            if isinstance(item, SourceText):
                item = _unique(item, seen)
            yield item


def _folder_sources(folder: Path) -> Iterator[SourceText | Problem]:
    skipped: Counter[str] = Counter()
    articles = 0
    for path in _folder_files(folder):
        suffix = _extension(path)
        if path.name.upper().startswith("README"):
            continue
        if suffix not in ACCEPTED_EXTENSIONS:
            skipped[suffix or "(no extension)"] += 1
            continue
        if not path.is_file():
            yield Problem(str(path), "not a regular file: skipped")
            continue
        for item in _file_sources(path):
            articles += isinstance(item, SourceText)
            yield item
    for suffix, count in sorted(skipped.items()):
        yield Problem(str(folder), f"ignored {count} file(s) with extension {suffix} "
                                   f"(accepted: {', '.join(ACCEPTED_EXTENSIONS)})", severity="warning")
    if not articles:
        yield Problem(str(folder), f"no articles found (accepted: {', '.join(ACCEPTED_EXTENSIONS)})")


def _unique(source: SourceText, seen: Counter[str]) -> SourceText:
    """``source`` with a ``-N`` suffix on its id if an earlier article of this run had the same id."""
    seen[source.doc_id] += 1
    if seen[source.doc_id] == 1:
        return source
    candidate = f"{source.doc_id}-{seen[source.doc_id]}"
    while candidate in seen:
        seen[source.doc_id] += 1
        candidate = f"{source.doc_id}-{seen[source.doc_id]}"
    seen[candidate] += 1
    return SourceText(candidate, source.path, source.text, source.title, source.date, source.url, source.encoding)


def read_inputs(paths: Sequence[str | Path] | str | Path) -> IngestResult:
    """All articles and problems of ``paths`` (see ``iter_sources``), collected.

    >>> result = read_inputs(["seeds", "missing.txt"])
    >>> len(result.documents), [p.message for p in result.problems]
    (5, ['does not exist'])
    """
    result = IngestResult()
    for item in iter_sources(paths):
        (result.documents if isinstance(item, SourceText) else result.problems).append(item)
    return result


def count_articles(paths: Sequence[str | Path] | str | Path) -> int | None:
    """How many articles ``paths`` hold, counted without reading them (a JSON Lines file's non-empty
    lines, one per other accepted file), for a progress bar's total; ``None`` for standard input.

    >>> count_articles(["seeds"])
    5
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    total = 0
    for given in paths:
        path = Path(given)
        if str(given) == STDIN:
            return None
        files = _folder_files(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if _extension(file) not in ACCEPTED_EXTENSIONS or file.name.upper().startswith("README") \
                    or not file.is_file():
                continue
            if _kind(file) != ".jsonl":
                total += 1
                continue
            try:
                with gzip.open(file, "rb") if file.suffix.lower() == ".gz" else file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except (OSError, EOFError, zlib.error):
                continue  # the build reports the file
    return total
