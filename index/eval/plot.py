"""The answerability threshold's trade-off as a PNG: answers found against questions correctly declined."""

from pathlib import Path

from ..errors import MissingExtra
from .common import Table


def threshold_curve(table: Table, path: Path) -> Path:
    """Plot the answer table of ``eval qa`` (threshold, answered, hit rate, decline rate) to ``path``."""
    try:
        import matplotlib
    except ModuleNotFoundError as missing:
        raise MissingExtra("eval", "`newsbot eval qa --plot`") from missing
    matplotlib.use("Agg")  # no display needed
    from matplotlib import pyplot

    thresholds = [row[0] for row in table.rows]
    figure, axes = pyplot.subplots(figsize=(7, 4.5), dpi=120)
    for column, label in (
        ("answer in quotes", "answer in quotes (answerable)"),
        ("declined", "declined (answer removed)"),
        ("answered", "answered"),
    ):
        at = table.headers.index(column)
        axes.plot(thresholds, [row[at] for row in table.rows], marker="o", label=label)
    shipped = next(row[0] for row in table.rows if row[1])
    axes.axvline(shipped, color="grey", linestyle="--", label=f"chosen threshold {shipped:.2f}")
    axes.set(xlabel="answerability threshold (0: the reader alone)", ylabel="share of questions", ylim=(0, 1))
    axes.set_title(table.title, fontsize=9)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return path
