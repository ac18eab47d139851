"""Arabic named-entity recognition with Stanza: the project's model trained on NewsFANE, or the official one.

    >>> from kg.ner import load_recogniser
    >>> recogniser = load_recogniser("project")
    >>> mentions = recogniser.recognise(documents)  # doctest: +SKIP

Modules: ``corpus`` (NewsFANE reader, coarse types, split), ``segment`` (corpus-style clitic segmentation with
offsets), ``train`` (rebuild the shipped model), ``stanza_backend`` (inference, official download),
``evaluate`` (entity-level scores), ``network`` (the tagger run directly in torch).
"""

from kg.ner.evaluate import evaluate_model, evaluate_news
from kg.ner.stanza_backend import (
                                   ModelNotFoundError,
                                   OfficialRecogniser,
                                   ProjectRecogniser,
                                   download_official,
                                   load_recogniser,
                                   official_installed,
                                   official_model_dir,
                                   require_model,
)
from kg.ner.train import train_model

__all__ = ["ModelNotFoundError", "OfficialRecogniser", "ProjectRecogniser", "download_official",
           "evaluate_model", "evaluate_news", "load_recogniser", "official_installed", "official_model_dir",
           "require_model", "train_model"]
