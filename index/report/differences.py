"""Where sources differ: two outlets on the same point, one giving a figure or a word the other doesn't.

A digest compares every on-subject sentence (topic score at least ``ON_SUBJECT``) of its articles
with those of other outlets published at most ``MAX_DAYS_APART`` days apart; the pairs that part
in the same frame, a figure or a term, are found by ``index.answer.conflicts`` (``pairs``), and a
statement the digest quotes once (``digests.same_statement``) never differs from itself.

Up to ``MAX_DIFFERENCES`` are shown, closest pairs first and each point once; a third or fourth
outlet giving yet another figure at the same words joins the difference.

Measured with ``bench/differences.py``: digests of 35 topics over the 426 RealTime QA articles
of June to early September 2022 (CNN and USA Today) and the two Nara summit pages. Sentences of
two outlets on one point score 0.55-0.75 (what the Nara leaders wore: 0.57), and unrelated pairs
reach 0.7 too, so closeness only bounds the search; the frame decides. From 0.40 up the rules
pick 18 pairs; the 7 below 0.55 are all false (two different fires' containment, a favourable
"forecast" / "conditions", a $20,000 and a $10,000 part of one plan), hence ``CLOSE``. From 0.55
the digests show 7 differences on 6 topics, 4 of them real: what the leaders wore in Nara, a
state's record gas price a day apart ($6.39 / $6.43), the years the Webb telescope is expected to
work (five / 20) and the buildings the Oak Fire destroyed (10 / seven). The false ones are the
same measure of another place or proposal (a river's record at two gauges; the relief asked for
and the relief granted) and one wording ("ever sent" / "ever built"). Without the date limit,
gas prices weeks apart made 15 pairs of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ..answer.conflicts import Candidate, Pair, Sentence, pairs
from ..answer.quotes import Quote, Sources

MAX_DIFFERENCES = 3
MAX_OUTLETS = 4  # quotes in one difference


@dataclass
class Difference:
    """Quotes of different outlets on one point; ``differ`` holds, for each, the words where it parts."""

    quotes: list[Quote]
    differ: list[str]

    def to_dict(self) -> dict:
        return {"quotes": [q.to_dict() for q in self.quotes], "differ": self.differ}


def find(
    candidates: list[Candidate], same: Callable[[Sentence, Sentence], bool], sources: Sources
) -> list[Difference]:
    """Up to ``MAX_DIFFERENCES`` differences between the outlets of ``candidates``, closest first,
    quoted and cited with ``sources``."""
    return quoted_differences(pairs(candidates, same), sources)


def quoted_differences(pairs: list[Pair], sources: Sources) -> list[Difference]:
    """The closest pairs as differences, each point once; other outlets' conflicting sentences join them."""
    differences: list[Difference] = []
    used: set[int] = set()
    shown: list[set[str]] = []
    for _, p, q, (x, y) in pairs:
        point = {x.casefold(), y.casefold()}
        if id(p) in used or id(q) in used or any(point <= seen for seen in shown):
            continue
        members = _members({id(p): (p, x), id(q): (q, y)}, pairs, used)
        quoted = [
            (sources.quote(c.sentence.passage, c.sentence.span, [c.article]), said)
            for c, said in members.values()
        ]
        if all(quote is not None for quote, _ in quoted):
            quoted.sort(key=lambda member: member[0].source)
            differences.append(Difference([q for q, _ in quoted], [said for _, said in quoted]))
            used |= set(members)
            shown.append({said.casefold() for _, said in quoted})
        if len(differences) == MAX_DIFFERENCES:
            break
    return differences


def _members(
    members: dict[int, tuple[Candidate, str]],
    pairs: list[Pair],
    used: set[int],
) -> dict[int, tuple[Candidate, str]]:
    """``members`` and the sentences of further outlets that conflict with one at the same words."""
    for _, r, s, (u, v) in pairs:
        for (old, said), (new, says) in (((r, u), (s, v)), ((s, v), (r, u))):
            at_same_words = id(old) in members and members[id(old)][1] == said
            another_outlet = id(new) not in used and new.outlet not in {c.outlet for c, _ in members.values()}
            if at_same_words and another_outlet and len(members) < MAX_OUTLETS:
                members[id(new)] = (new, says)
    return members
