"""The case timeline picture: labels stay inside it."""

from __future__ import annotations

from cspr.timeline import LABEL_ROOM, WIDTH, Tick


def test_a_label_near_the_right_edge_reads_leftwards_so_it_is_not_cut_off():
    near_edge = Tick(x=WIDTH - LABEL_ROOM + 5, label="Jan 2027")
    assert near_edge.anchor == "end" and near_edge.label_x < near_edge.x
    assert near_edge.label_x - LABEL_ROOM >= 0


def test_a_label_elsewhere_reads_rightwards_from_its_line():
    middle = Tick(x=WIDTH / 2, label="Today")
    assert middle.anchor == "start" and middle.label_x > middle.x
    assert middle.label_x + LABEL_ROOM <= WIDTH
