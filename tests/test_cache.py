"""The query result cache: keys follow the file's content, entries survive only while valid, size is capped."""

import hashlib
import os

from kg.cache import ResultCache


def graph_file(tmp_path, text="<a> <b> <c> .\n"):
    path = tmp_path / "graph.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_answers_round_trip_with_their_types(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    key = cache.key(graph_file(tmp_path), "SELECT * WHERE { ?s ?p ?o }")
    answer = (["iri", "count", "score", "flag", "missing"], [("https://x/ي", 3, 0.5, True, None)])
    cache.put(key, answer)
    assert cache.get(key) == answer


def test_key_changes_with_content_query_and_parameters(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    path = graph_file(tmp_path)
    first = cache.key(path, "ASK {}", {"actor": "a"})
    assert cache.key(path, "ASK {}", {"actor": "a"}) == first
    assert cache.key(path, "ASK { }", {"actor": "a"}) != first
    assert cache.key(path, "ASK {}", {"actor": "b"}) != first
    assert cache.key(path, "ASK {}", {"actor": 1}) != cache.key(path, "ASK {}", {"actor": "1"})
    stamp = path.stat()
    rewritten = tmp_path / "new.ttl"
    rewritten.write_text("<a> <b> <d> .\n", encoding="utf-8")  # the same size
    os.utime(rewritten, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the same modification time
    os.replace(rewritten, path)  # but a new inode, as every file kg writes (atomically) gets
    assert cache.key(path, "ASK {}", {"actor": "a"}) != first


def test_remembered_digest_is_used_until_the_file_changes(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path / "cache")
    path = graph_file(tmp_path)
    digest = cache.file_digest(path)

    def refuse(*args):
        raise AssertionError("hashed again")

    with monkeypatch.context() as patch:
        patch.setattr(hashlib, "file_digest", refuse)
        assert cache.file_digest(path) == digest
    path.write_text("<a> <b> <c>, <d> .\n", encoding="utf-8")
    assert cache.file_digest(path) != digest


def test_unreadable_entry_is_a_miss(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    key = cache.key(graph_file(tmp_path), "ASK {}")
    cache.put(key, (["ask"], [(True,)]))
    entry = next((tmp_path / "cache" / "results").iterdir())
    entry.write_bytes(b"\x00not marshal")
    assert cache.get(key) is None


def test_least_recently_used_answers_are_evicted_over_the_size_cap(tmp_path):
    path = graph_file(tmp_path)
    cache = ResultCache(tmp_path / "cache", max_bytes=2_500)
    keys = [cache.key(path, f"SELECT ?x{n} WHERE {{}}") for n in range(4)]
    for age, key in enumerate(keys):
        cache.put(key, (["x"], [("y" * 1_000,)]))
        entry = tmp_path / "cache" / "results" / f"{key}.marshal"
        os.utime(entry, ns=(age * 10**9, age * 10**9))  # put one second apart
        assert cache.get(keys[0]) is not None  # reading refreshes the oldest
    assert cache.get(keys[0]) is not None and cache.get(keys[3]) is not None
    assert cache.get(keys[1]) is None and cache.get(keys[2]) is None


def test_unwritable_cache_is_skipped(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    cache = ResultCache(blocker)
    key = cache.key(graph_file(tmp_path), "ASK {}")
    cache.put(key, (["ask"], [(True,)]))
    assert cache.get(key) is None


def test_rendered_answers_are_kept_per_format_and_count_towards_the_size_cap(tmp_path):
    path = graph_file(tmp_path)
    cache = ResultCache(tmp_path / "cache", max_bytes=2_500)
    key = cache.key(path, "SELECT ?x WHERE {}")
    cache.put_rendered(key, "csv", "x\r\nسوليفان\r\n".encode("utf-8"))
    assert cache.get_rendered(key, "csv") == "x\r\nسوليفان\r\n".encode("utf-8")
    assert cache.get_rendered(key, "json") is None and cache.get(key) is None
    cache.put_rendered(key, "json", b"y" * 2_000)
    os.utime(tmp_path / "cache" / "results" / f"{key}.json", ns=(0, 0))
    cache.put_rendered(key, "table", b"z" * 2_000)
    assert cache.get_rendered(key, "json") is None and cache.get_rendered(key, "table") == b"z" * 2_000
