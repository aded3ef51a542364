"""The answerers the trained reader replaced, kept only to be measured against it: the sentence
answerers (``compose``: the learned answerer for questions as long as the silver set's, the
similarity answerer for shorter ones), which choose whole sentences by learned or similarity scores
and mark titles and spans by hand-made features."""

from .answers import compose
from .learned import compose_learned
from .similar import compose_similar

__all__ = ["compose", "compose_learned", "compose_similar"]
