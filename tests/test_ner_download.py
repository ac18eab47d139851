"""Downloading the official Stanza Arabic models, against a local server laid out like Stanza's model hub."""

import functools
import hashlib
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stanza

from kg.ner import download_official, official_installed
from kg.ner.stanza_backend import PROJECT_MODEL_DIR
from kg.ner.train import MODEL_NAME, PRETRAIN_NAME


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def hub(tmp_path):
    """A model hub on 127.0.0.1 serving the project's files under the official Arabic names.

    The tokenize and mwt files are stand-ins (no Arabic tokenizer can be trained here): the test is about
    the download, not about running them."""
    root = tmp_path / "hub"
    files = {"tokenize/padt.pt": MODEL_NAME, "mwt/padt.pt": MODEL_NAME, "ner/aqmar.pt": MODEL_NAME,
             "pretrain/conll17.pt": PRETRAIN_NAME}
    for target, source in files.items():
        (root / "ar" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_MODEL_DIR / source, root / "ar" / target)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    port = server.server_address[1]

    def md5(target):
        return hashlib.md5((root / "ar" / target).read_bytes()).hexdigest()

    resources = {
        "url": f"http://127.0.0.1:{port}/{{lang}}/{{filename}}",
        "ar": {"lang_name": "Arabic",
               "packages": {"default": {"tokenize": "padt", "mwt": "padt", "ner": "aqmar"}},
               "tokenize": {"padt": {"md5": md5("tokenize/padt.pt")}},
               "mwt": {"padt": {"md5": md5("mwt/padt.pt")}},
               "ner": {"aqmar": {"md5": md5("ner/aqmar.pt"),
                                 "dependencies": [{"model": "pretrain", "package": "conll17"}]}},
               "pretrain": {"conll17": {"md5": md5("pretrain/conll17.pt")}}},
    }
    (root / f"resources_{stanza.__resources_version__}.json").write_text(json.dumps(resources))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", root
    server.shutdown()
    server.server_close()


def test_download_official_fetches_tokenize_mwt_ner_and_pretrain(hub, tmp_path):
    url, root = hub
    model_dir = tmp_path / "stanza_resources"
    assert not official_installed(model_dir)
    language_dir = download_official(model_dir, resources_url=url)
    assert language_dir == model_dir / "ar"
    for name in ("tokenize/padt.pt", "mwt/padt.pt", "ner/aqmar.pt", "pretrain/conll17.pt"):
        assert (language_dir / name).read_bytes() == (root / "ar" / name).read_bytes()
    assert json.loads((model_dir / "resources.json").read_text())["ar"]["lang_name"] == "Arabic"
    assert official_installed(model_dir)


def test_download_rejects_a_corrupted_file(hub, tmp_path):
    url, root = hub
    (root / "ar" / "ner" / "aqmar.pt").write_bytes(b"not the published model")
    with pytest.raises(ValueError, match="md5"):
        download_official(tmp_path / "stanza_resources", resources_url=url)
