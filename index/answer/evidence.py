"""Evidence read from the store: passages found by a search, or one article's, with their cached
vectors and their articles (``quotes.Evidence``), for the embedding model questions use."""

from ..errors import IndexNotReady
from ..store import ArticleRow, Store
from .quotes import Evidence


def read_passages(store: Store, model: str, passage_ids: list[int], weights: dict[str, float]) -> Evidence:
    """The passages of ``passage_ids`` still stored, in that order, their vectors and articles;
    ``weights``: how rare each of the question's words is (the learned scorers read it)."""
    found = store.passages_by_ids(passage_ids)
    passages = [found[i] for i in passage_ids if i in found]
    vectors = store.embeddings.vectors(model, (p.embed_hash for p in passages))
    return Evidence(passages, vectors, store.articles_by_ids(p.article_id for p in passages), weights)


def read_story(store: Store, model: str, article: ArticleRow) -> Evidence:
    """An article with its live passages and their vectors; IndexNotReady when the article was
    embedded with another model."""
    passages = store.article_passages(article.id)
    vectors = store.embeddings.vectors(model, (p.embed_hash for p in passages))
    if len(vectors) < len({p.embed_hash for p in passages}):
        raise IndexNotReady("this article was indexed with another model", remedy="reindex")
    return Evidence(passages, vectors, {article.id: article})
