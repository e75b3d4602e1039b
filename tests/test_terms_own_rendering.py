"""A term's best rendering is not a longer term's rendering seen through it (prefer_own_rendering)."""

from __future__ import annotations

from ipcorpus.terms.candidates import Candidate
from ipcorpus.terms.miner import _Pairing, prefer_own_rendering


def _p(form, conf, segs, align):
    return _Pairing(Candidate(form, len(form.split()), count=len(segs)), 0.0, 0.0, 0.0, len(segs), alignment=align,
                    confidence=conf, segments=set(segs))


HOST = {"侵犯知识产权案件": (_p("case of intellectual property infringement", 0.75, {67, 69, 76}, 0.73),
                         {67, 69, 76})}


def test_own_rendering_moves_before_the_hosts_one():
    scored = [_p("case of intellectual property", 0.79, {69, 76}, 0.88),
              _p("intellectual property case", 0.77, {78}, 0.92),
              _p("trial of intellectual property case", 0.70, {78}, 0.80)]
    got = [p.en.form for p in prefer_own_rendering("知识产权案件", scored, HOST)]
    assert got == ["intellectual property case", "case of intellectual property", "trial of intellectual property case"]


def test_order_kept_when_alignment_supports_the_own_rendering_less():
    scored = [_p("case of intellectual property", 0.79, {69, 76}, 0.88),
              _p("criminal case", 0.77, {78}, 0.40)]
    assert prefer_own_rendering("知识产权案件", scored, HOST) == scored


def test_order_kept_when_the_best_is_seen_outside_the_host_or_there_is_no_host():
    scored = [_p("case of intellectual property", 0.79, {69, 78}, 0.88),  # also where no host stands
              _p("intellectual property case", 0.77, {78}, 0.92)]
    assert prefer_own_rendering("知识产权案件", scored, HOST) == scored
    only_host = [_p("case of intellectual property", 0.79, {69, 76}, 0.88),
                 _p("intellectual property case", 0.77, {78}, 0.92)]
    assert prefer_own_rendering("知识产权案件", only_host, {}) == only_host
    # a rendering that is not a sub-phrase of the host's is the term's own
    other = [_p("infringement case", 0.79, {69, 76}, 0.88), _p("intellectual property case", 0.77, {78}, 0.92)]
    assert prefer_own_rendering("知识产权案件", other, HOST) == other
