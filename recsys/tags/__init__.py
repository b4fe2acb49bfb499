"""Free tags -> a two-level genre tree and artist facets.

Real sources describe music with free tags ("seen live", "female vocalists", "80s", "Hip-Hop",
"dnb"). :func:`classify` sorts each tag into a canonical genre of beets' last.fm genre tree
(read from the installed beets package, :func:`vocabulary`), a facet (era, place, voice), an
opinion, or unknown (kept raw, never made a genre). The import writes the raw tags with their
kind to ``artist_tags``, the genres under their parents to ``genres`` / ``artist_genres``, and
a country and a lead-voice gender inferred from the facets, with their evidence, to
``artist_attributes_inferred`` (:data:`INFERENCE`). See docs/tags.md.
"""

from recsys.tags._classify import KINDS, Kind, TagClass, classify, classify_tags, clean
from recsys.tags._infer import INFERENCE, InferenceConfig
from recsys.tags._load import classify_staged, inference_params
from recsys.tags._places import PLACES
from recsys.tags._report import TagFigures, kinds, tag_figures
from recsys.tags._vocab import GenreVocabulary, squash, vocabulary

__all__ = [
    "INFERENCE",
    "KINDS",
    "PLACES",
    "GenreVocabulary",
    "InferenceConfig",
    "Kind",
    "TagClass",
    "TagFigures",
    "classify",
    "classify_staged",
    "classify_tags",
    "clean",
    "inference_params",
    "kinds",
    "squash",
    "tag_figures",
    "vocabulary",
]
