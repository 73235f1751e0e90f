"""Variants: the halves of a two-part slogan."""

from __future__ import annotations


def test_a_half_used_apart_is_not_merged_into_the_two_part_slogan():
    from analysis.slogans import Found, merge_variants

    text = "推进“和平发展、合作共赢”。和平发展是主题。坚持和平发展。走和平发展道路。"
    found = {
        "和平发展、合作共赢": Found("和平发展、合作共赢", "parallel", {"quoted 1×"}),
        "和平发展": Found("和平发展", "recurrent", {"x"}, {"和平发展"}),
    }
    merged = merge_variants(found, is_word=lambda w: False, text=text)
    assert {f.text for f in merged} == {"和平发展、合作共赢", "和平发展"}
