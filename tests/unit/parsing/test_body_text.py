"""Where an HTML page's body starts and ends: after the printed headline when only short lines
(navigation, breadcrumbs, section labels) come before it; before the heading of a comment
section."""

from __future__ import annotations

from articles.parsing.blocks import Block
from articles.parsing.htmlfmt import _kept_before_comments, _paragraphs_of, parse_html

TITLE = "Egypt and Sudan sign grid interconnection upgrade"
PROSE = ("Egypt and Sudan signed an agreement on Tuesday to upgrade the power link between the two "
         "countries, officials said, adding that work would start next year and take two years.")


def test_headline_as_first_line_is_dropped() -> None:
    assert _paragraphs_of(f"{TITLE}\n{PROSE}", TITLE) == [PROSE]


def test_menu_and_section_lines_before_the_headline_are_dropped() -> None:
    text = f"Energy\nMarkets\nPolicy\n{TITLE}\n{PROSE}"
    assert _paragraphs_of(text, TITLE) == [PROSE]


def test_a_repeated_headline_is_dropped_with_what_comes_before() -> None:
    text = f"Energy\n{TITLE}\n{TITLE}\nA short standfirst line\n{PROSE}"
    assert _paragraphs_of(text, TITLE) == ["A short standfirst line", PROSE]


def test_only_the_first_headline_line_marks_the_start() -> None:
    text = f"Energy\n{TITLE}\nTechnical details\n{TITLE}\n{PROSE}"
    assert _paragraphs_of(text, TITLE) == ["Technical details", TITLE, PROSE]


def test_headline_after_a_paragraph_of_prose_keeps_the_text_whole() -> None:
    long_intro = " ".join(["The region's grid operators have met every spring since 2019."] * 5)
    text = f"{long_intro}\n{TITLE}\n{PROSE}"
    assert _paragraphs_of(text, TITLE) == [long_intro, TITLE, PROSE]


def test_headline_far_down_the_text_keeps_the_text_whole() -> None:
    menu = [f"Section {i}" for i in range(25)]
    text = "\n".join([*menu, TITLE, PROSE])
    assert _paragraphs_of(text, TITLE) == [*menu, TITLE, PROSE]


def test_without_a_title_nothing_is_dropped() -> None:
    assert _paragraphs_of(f"Energy\n{PROSE}", None) == ["Energy", PROSE]


def test_body_ends_at_the_comment_section_heading() -> None:
    text = "\n".join([PROSE, PROSE, PROSE, f"12 Comments on “{TITLE}”", "Great piece, thanks!",
                      "I disagree with the second point."])
    assert _paragraphs_of(text, TITLE) == [PROSE, PROSE, PROSE]


def test_leave_a_reply_heading_ends_the_body() -> None:
    text = "\n".join([PROSE, "Second paragraph of the story.", "Third paragraph.", "Leave a Reply",
                      "Your email address will not be published."])
    assert _paragraphs_of(text, None) == [PROSE, "Second paragraph of the story.", "Third paragraph."]


def test_a_thread_count_or_a_sentence_about_comments_is_not_a_comment_heading() -> None:
    lines = [PROSE, "76 Replies", PROSE, "Readers who leave a comment on the site get a reply within a day.",
             PROSE]
    assert _paragraphs_of("\n".join(lines), None) == lines


def _blocks(*pairs: tuple[str, str]) -> list[Block]:
    return [Block(text=text, tag=tag, regions=0, link_chars=0, depth=1, words=len(text.split()))
            for tag, text in pairs]


def test_the_blocks_kept_end_at_a_comment_heading_the_model_did_not_keep() -> None:
    blocks = _blocks(("p", PROSE), ("p", PROSE), ("p", PROSE), ("h3", f"3 Comments on “{TITLE}”"),
                     ("p", "Great piece, thanks!"), ("p", "I disagree entirely."))
    keep = [True, True, True, False, True, True]
    assert _kept_before_comments(blocks, keep) == [PROSE, PROSE, PROSE]


def test_a_comment_button_the_model_did_not_keep_ends_nothing() -> None:
    # on a thread the replies are the content: a "Post a comment" link among them is no heading
    blocks = _blocks(("p", PROSE), ("p", PROSE), ("p", PROSE), ("p", "Post a comment!"),
                     ("p", "Great piece, thanks!"))
    keep = [True, True, True, False, True]
    assert _kept_before_comments(blocks, keep) == [PROSE, PROSE, PROSE, "Great piece, thanks!"]


def test_a_comment_heading_before_three_kept_blocks_does_not_end_them() -> None:
    blocks = _blocks(("h2", "Leave a comment"), ("p", PROSE), ("h2", "Join the conversation"), ("p", PROSE),
                     ("p", PROSE))
    keep = [False, True, False, True, True]
    assert _kept_before_comments(blocks, keep) == [PROSE, PROSE, PROSE]


def test_a_comment_heading_among_the_first_lines_is_left_alone() -> None:
    lines = ["Add a comment", PROSE, PROSE]
    assert _paragraphs_of("\n".join(lines), None) == lines


_POSTS = [
    "I have been running the resolver in a container for a week and the lookups still fail after every "
    "restart of the host machine.",
    "Have you checked whether the resolver configuration file is mounted read only? That was the cause "
    "when the same thing happened to me.",
    "Thanks, that was it: the file was mounted read only, and after changing the mount the lookups work "
    "again after a restart.",
]


def test_a_thread_the_block_walker_cannot_see_is_taken_from_trafilatura() -> None:
    # the posts are printed inside <noscript> (for readers without JavaScript): the content
    # model's blocks hold only the app's JavaScript notice, trafilatura finds the thread
    page = ("<html><head><title>Resolver lookups fail after restart</title></head><body>"
            "<div id='app'><p>This forum needs JavaScript turned on in your browser to show its discussions.</p>"
            "</div><noscript><div class='container'>"
            + "".join(f"<article class='post'><p>{post}</p></article>" for post in _POSTS)
            + "</div></noscript></body></html>")
    assert parse_html(page).paragraphs == _POSTS
