"""Visible dates under a headline: an element named as a date ("post-date", "c-meta__date")
is the publication date on an article page; labelled "Updated" it is the update; on a page
with no article signal (a shop's "Released 21 Aug, 2012") it is no date at all."""

from __future__ import annotations

from articles.parsing import parse_document
from articles.parsing.pubdate import element_dates
from lxml import html

BODY = "".join(
    f"<p>Paragraph {i} of the report: the port authority said the new cranes cut waiting times "
    f"for cargo ships by a third, and that more berths would open before the summer season.</p>"
    for i in range(6)
)


def page(head: str, header: str) -> bytes:
    return (f"<html><head><title>Cranes cut waiting times at the port</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
            f"<h1>Cranes cut waiting times at the port</h1>{header}{BODY}</article>"
            f"<footer>© 2026 Harbour News</footer></body></html>").encode()


AUTHOR = '<meta name="author" content="Leila Mansour">'


def parse(data: bytes) -> object:
    return parse_document(data, filename="page.html")[0]


def test_a_date_named_element_under_the_headline_is_the_publication_date() -> None:
    article = parse(page(AUTHOR, '<ul class="c-meta"><li class="c-meta__date">December 24, 2024</li></ul>'))
    assert article.published == "2024-12-24"


def test_a_date_labelled_updated_in_sibling_spans_is_the_update_not_the_publication() -> None:
    header = ('<span class="post-date"><span class="desktop">Last Updated</span> <span class="mobile">on</span> '
              '<span class="date">Feb 27, 2026</span></span>')
    article = parse(page(AUTHOR, header))
    assert article.published is None
    assert article.updated == "2026-02-27"


def test_a_wrapper_holding_two_dates_is_read_through_its_inner_elements() -> None:
    header = ('<div class="article-dateline-wrapper">Health<span class="dateline">DECEMBER 22, 2022</span>'
              '<span>Updated: JANUARY 02, 2026</span></div>')
    article = parse(page(AUTHOR, header))
    assert article.published == "2022-12-22"


def test_no_article_signal_no_date_from_a_date_named_element() -> None:
    header = '<div class="glance"><div class="grid_content grid_date">21 Aug, 2012</div></div>'
    assert element_dates(html.fromstring(page("", header))) == ([], [])
    # the same element on a page naming its author is the date of a dated article
    assert element_dates(html.fromstring(page(AUTHOR, header))) == (["2012-08-21"], [])


def test_a_meta_named_published() -> None:
    article = parse(page('<meta name="published" content="July 17, 2025">', ""))
    assert article.published == "2025-07-17"


# --- a date the page shows, confirming trafilatura's (htmldate's) guess, on a page with no
# article signal (no author, no og:type article, no JSON-LD article) ---

def listing_free_page(header: str, *, head: str = "") -> bytes:
    return (f"<html><head><title>Cranes cut waiting times at the port</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a></nav><main><h1>Cranes cut waiting times at the port</h1>"
            f"{BODY}</main><aside class='sidebar'>{header}</aside></body></html>").encode()


def test_a_date_shown_in_a_sidebar_meta_block_confirms_the_guess() -> None:
    article = parse(listing_free_page('<h4>Published</h4><div class="single-post-date">July 8, 2025</div>'))
    assert article.published == "2025-07-08"


def test_many_days_newest_first_are_a_listing_not_a_publication_date() -> None:
    cards = "".join(f'<div class="entry"><p class="date">November {d}, 2025</p></div>' for d in (28, 27, 25, 21))
    assert parse(listing_free_page(cards)).published is None


def test_a_thread_shows_its_posts_oldest_first_from_the_first_post() -> None:
    posts = "".join(f'<div class="post"><span class="post_date">2019-02-{d}, 09:14 PM</span></div>'
                    for d in (23, 24, 24, 25, 26))
    assert parse(listing_free_page(posts)).published == "2019-02-23"


def test_dates_on_product_pages_are_releases_not_publications() -> None:
    head = '<meta itemprop="price" content="0,00"><meta itemprop="priceCurrency" content="EUR">'
    shown = '<div class="release"><div class="date">21 Aug, 2012</div></div><span class="post-date">21 Aug, 2012</span>'
    assert parse(listing_free_page(shown, head=head)).published is None
    assert parse(listing_free_page(shown)).published == "2012-08-21"  # the same without a price


def test_a_review_card_date_is_not_the_page_date() -> None:
    shown = '<div class="review-card"><div class="review-card__date">November 17th, 2021</div></div>'
    assert parse(listing_free_page(shown)).published is None


def test_a_home_page_or_section_front_has_no_publication_date() -> None:
    head = '<meta property="article:published_time" content="2026-03-06T07:00:02-05:00">'
    data = page(head, "")
    for url in ("https://news.example.com/", "https://news.example.com/technology"):
        assert parse_document(data, filename="page.html", url=url)[0].published is None
    # an article's URL has a slug or an id
    for url in ("https://news.example.com/technology/cranes-cut-waiting-times", "https://example.com/a/12345"):
        assert parse_document(data, filename="page.html", url=url)[0].published == "2026-03-06T07:00:02-05:00"


def test_a_comment_beside_a_date_element_is_no_label_and_no_crash() -> None:
    header = '<div class="meta"><!-- byline --><span>Posted</span> <time datetime="2024-04-02">Apr 2, 2024</time></div>'
    assert element_dates(html.fromstring(page(AUTHOR, header))) == (["2024-04-02"], [])


def test_a_home_page_canonical_on_an_article_does_not_remove_its_date() -> None:
    # some sites give every page the home page as canonical URL; og:url names the article
    head = ('<link rel="canonical" href="https://news.example.com">'
            '<meta property="og:url" content="https://news.example.com/blog/post/cranes-cut-waiting-times">'
            '<meta property="article:published_time" content="2026-01-26T00:00:00+00:00">')
    assert parse(page(head, "")).published == "2026-01-26T00:00:00+00:00"
    # a canonical URL without a host name is no evidence either way
    head = ('<link rel="canonical" href="http://cranes-cut-waiting-times">'
            '<meta property="article:published_time" content="2026-01-26T00:00:00+00:00">')
    assert parse(page(head, "")).published == "2026-01-26T00:00:00+00:00"


# --- where a date element sits: the <body>'s own classes describe the layout, not the element ---

def test_a_time_under_the_headline_counts_on_a_page_whose_body_class_names_a_sidebar() -> None:
    data = page(AUTHOR, '<time class="entry-time" datetime="2024-04-26">April 26, 2024</time>')
    data = data.replace(b"<body>", b'<body class="single content-sidebar has-sidebar footer-widgets-1">')
    assert element_dates(html.fromstring(data)) == (["2024-04-26"], [])


def test_a_page_builder_widget_block_is_not_a_sidebar_widget() -> None:
    header = ('<div class="elementor-widget elementor-widget-post-info"><div class="elementor-widget-container">'
              '<time>July 27, 2025</time></div></div>')
    assert element_dates(html.fromstring(page(AUTHOR, header))) == (["2025-07-27"], [])
    # a sidebar widget's dates (recent posts) stay out
    sidebar = '<div class="widget widget_recent_entries"><time>July 27, 2025</time></div>'
    assert element_dates(html.fromstring(page(AUTHOR, sidebar))) == ([], [])


def test_a_date_line_under_the_headline_is_read_on_a_page_whose_body_class_names_a_sidebar() -> None:
    data = page("", '<p>By Jane Doe</p><p>Jul 18, 2025</p>')
    assert parse(data).published == "2025-07-18"
    article = parse(data.replace(b"<body>", b'<body class="single right-sidebar footer-widgets">'))
    assert article.published == "2025-07-18"
    assert article.author == ["Jane Doe"]


def test_many_dates_under_the_headline_are_a_listing_not_a_publication_date() -> None:
    events = "".join(f"<h3>Conference {d}</h3><p>March {d}, 2026</p>" for d in (16, 16, 17))
    assert parse(page("", events)).published is None
    # one day stated three times (a stamp repeated for small screens) is still that day
    stamps = "".join("<p>March 16, 2026</p>" for _ in range(3))
    assert parse(page("", stamps)).published == "2026-03-16"


def test_the_headline_s_own_column_is_no_sidebar_for_the_lines_under_it() -> None:
    data = (f"<html><head><title>Cranes cut waiting times at the port</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><div class='layout-column side-column'>"
            f"<h1>Cranes cut waiting times at the port</h1><p>by Jane Doe on Jan 22, 2025</p>{BODY}</div>"
            f"<div class='sidebar'><p>Jan 2, 2025</p></div></body></html>").encode()
    article = parse(data)
    assert article.published == "2025-01-22"
    assert article.author == ["Jane Doe"]


def test_a_time_right_under_the_headline_counts_after_a_long_menu_of_other_stories() -> None:
    menu = "".join(f"<li><a href='/s{i}'>Another story of the week, number {i}, with its long teaser line "
                   f"about the harbour and the town council's plans</a></li>" for i in range(40))
    data = (f"<html><head><title>Cranes cut waiting times at the port</title></head><body><ul>{menu}</ul>"
            f"<h1>Cranes cut waiting times at the port</h1><div class='node__meta'>"
            f"<time datetime='2017-03-01T12:00:00Z'>03/01/2017</time> by Jane Doe, Port Reporter</div>"
            f"<p>The port authority said the new cranes cut waiting times by a third.</p></body></html>")
    assert element_dates(html.fromstring(data)) == (["2017-03-01T12:00:00+00:00"], [])


def test_an_updated_label_inside_the_time_element_makes_it_the_update() -> None:
    header = '<time class="published-date" datetime="2026-03-11"><span>Updated</span> March 11, 2026</time>'
    assert element_dates(html.fromstring(page(AUTHOR, header))) == ([], ["2026-03-11"])


def test_the_header_is_read_under_the_h1_not_under_a_breadcrumb_repeating_the_title() -> None:
    data = (f"<html><head><title>Cranes cut waiting times at the port</title></head><body>"
            f"<ul class='breadcrumb'><li><a href='/'>Home</a></li><li>Cranes cut waiting times at the port</li></ul>"
            f"<div class='main-column side-column'><h1>Cranes cut waiting times at the port</h1>"
            f"<p>Published on Oct 21, 2025</p>{BODY}</div></body></html>").encode()
    assert parse(data).published == "2025-10-21"


# --- metadata against the date shown by the headline ---

def ld_page(date_published: str, header: str) -> bytes:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Cranes", '
          f'"datePublished": "{date_published}"}}</script>')
    return page(ld, header)


def test_an_earlier_day_shown_by_the_headline_wins_over_restamped_metadata() -> None:
    assert parse(ld_page("2025-06-12", "<p>November 2, 2022</p>")).published == "2022-11-02"


def test_a_later_day_shown_by_the_headline_is_taken_for_an_update_and_the_metadata_stays() -> None:
    assert parse(ld_page("2025-06-23T18:44:33Z", "<p>December 19, 2025</p>")).published == "2025-06-23T18:44:33+00:00"


def test_a_numeric_day_that_reads_both_ways_agrees_with_the_metadata() -> None:
    assert parse(ld_page("2025-08-01T15:01:58Z", "<p>8/1/2025</p>")).published == "2025-08-01T15:01:58+00:00"


def test_the_date_under_the_headline_confirms_the_guess_with_other_days_only_further_down() -> None:
    from articles.parsing.htmlmeta import read_page_meta
    from articles.parsing.pubdate import resolve_dates

    more = "".join(f'<div class="more-item"><a href="/s{d}">Another story</a><span class="date">December {d}, 2025'
                   f'</span></div>' for d in (17, 16, 11))
    data = (f"<html><head><title>Cranes cut waiting times at the port</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><main><h1>Cranes cut waiting times at the port</h1>"
            f"<div class='hero__content-date'>June 13, 2025</div>{BODY}{BODY}</main>"
            f"<div class='more'>{more}</div></body></html>")
    tree = html.fromstring(data)
    url = "https://example.org/blog/cranes-cut-waiting-times"
    found = resolve_dates(read_page_meta(tree, url), tree, url, [], "2025-06-13")
    assert found.published == "2025-06-13"
    # the same days in the first half of the page are a listing's
    listing = data.replace("<div class='more'>", "<div class='more-top'>").replace(f"{BODY}{BODY}</main>", "</main>")
    tree = html.fromstring(listing + BODY * 3)
    assert resolve_dates(read_page_meta(tree, url), tree, url, [], "2025-06-13").published is None


# --- the rules of 2026-12-06 (late evening) ---

def test_a_date_element_holding_the_publication_and_a_labelled_update_gives_the_publication() -> None:
    header = '<p class="date">March 3, 2025. <i>Updated: March 7, 2025</i></p>'
    assert element_dates(html.fromstring(page(AUTHOR, header))) == (["2025-03-03"], [])
    # two dates without an update label are still no one date
    assert element_dates(html.fromstring(page(AUTHOR, '<p class="date">March 3, 2025 - March 7, 2025</p>'))) == (
        [], [])


def thread_page(posts: str) -> bytes:
    return (f"<html><head><title>Which lathe for a small workshop?</title></head><body>"
            f"<div class='crumbs'>Index » Workshop » Which lathe for a small workshop?</div>"
            f"<h2>Which lathe for a small workshop?</h2>{posts}</body></html>").encode()


def post(stamp: str, who: str) -> str:
    return (f"<div class='blockpost'><h3>{stamp}</h3><dl><dt>{who}</dt><dd>Registered: 2023-05-02</dd></dl>"
            f"<p>I have been looking at bench lathes for a while and cannot decide between the two models the "
            f"club recommends; the smaller one fits the bench but the larger one has a longer bed.</p></div>")


def test_a_thread_s_first_post_stamp_is_its_date() -> None:
    posts = post("#1 2025-11-01 15:14:37", "tomas") + post("#2 2025-11-02 06:23:21", "ines")
    assert parse(thread_page(posts)).published == "2025-11-01T15:14:37"
    # the month-first stamps some forums print ("11-29-2024, 09:03 AM")
    posts = post("11-29-2024, 09:03 AM #1", "tomas") + post("11-29-2024, 01:50 PM #2", "ines")
    assert parse(thread_page(posts)).published == "2024-11-29T09:03:00"


def test_stamps_newest_first_or_only_after_the_text_are_no_thread_date() -> None:
    from articles.parsing.htmlmeta import PageMeta
    from articles.parsing.pubdate import _PageText, _thread_start

    def first_post(posts: str) -> str | None:
        return _thread_start(_PageText(html.fromstring(thread_page(posts))).lines(), PageMeta(), None)

    assert first_post(post("#1 2025-11-01 15:14:37", "tomas") + post("#2 2025-11-02 06:23:21", "ines")) == (
        "2025-11-01T15:14:37")
    assert first_post(post("2025-11-02 06:23:21", "tomas") + post("2025-11-01 15:14:37", "ines")) is None
    assert first_post(BODY * 3 + post("2025-11-01 15:14:37", "tomas") + post("2025-11-02 06:23:21", "ines")) is None
    assert first_post(post("#1 2025-11-01 15:14:37", "tomas")) is None


def test_a_date_the_text_states_as_published_once() -> None:
    article = parse(page("", BODY + "<div class='info'><p>Published August 13, 2024</p><p>Author Jane Doe</p></div>"))
    assert article.published == "2024-08-13"
    # an earlier such statement wins over restamped metadata; a label on its own line labels the next
    data = ld_page("2025-11-29T12:28:31-05:00", "").replace(
        b"</article>", b"<p>This story was originally published on</p><p>26 Sep 2019 at 4:12pm</p></article>")
    assert parse(data).published == "2019-09-26T16:12:00"
    # stated on every card of a list, or only as a last publication, it is not the page's
    from articles.parsing.pubdate import _labelled_published

    cards = [line for d in (3, 9) for line in (f"Story {d}", f"Published March {d}, 2025")]
    assert _labelled_published(cards) is None
    assert _labelled_published(["Last published Apr 8, 2024"]) is None
    assert _labelled_published(["Publish date", "15 November 2018"]) == "2018-11-15"


def test_a_utc_time_one_day_off_the_url_s_day_is_the_url_s_local_day() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T03:05:00+00:00">'
    url = "https://blog.example.org/2025/12/18/cranes-cut-waiting-times/"
    assert parse_document(page(head, ""), filename="page.html", url=url)[0].published == "2025-12-18"
    # a time with the site's own offset is its local day already
    head = '<meta property="article:published_time" content="2025-12-19T03:05:00-05:00">'
    assert parse_document(page(head, ""), filename="page.html", url=url)[0].published == "2025-12-19T03:05:00-05:00"


def test_a_url_date_followed_by_an_encoded_space() -> None:
    from articles.parsing.dates import date_from_url

    assert date_from_url("https://blog.example.org/articles/2025-12-15+Cranes+at+the+port") == "2025-12-15"


def test_a_dashed_numeric_date_is_read_only_when_one_order_is_impossible() -> None:
    from articles.parsing.dates import normalise_date

    assert normalise_date("11-29-2024") == "2024-11-29"
    assert normalise_date("29-11-2024") == "2024-11-29"
    assert normalise_date("03-09-2026") is None  # 3 September or March 9
    assert normalise_date("03/09/2026") == "2026-09-03"  # slashes and dots: day first, as before


def test_a_thread_s_started_by_line_is_its_date_before_a_clock_shown_in_the_page_header() -> None:
    data = thread_page(post("June 04, 2024, 11:23:55 AM", "tomas")).replace(
        b"<div class='crumbs'>", b"<div class='user'><time datetime='2026-03-05T12:16:19Z'>March 05, 2026</time></div>"
        b"<ul class='boards'>" + b"".join(b"<li><a href='/b%d'>Board %d</a></li>" % (i, i) for i in range(6)) +
        b"</ul><div class='crumbs'>").replace(
        b"</h2>", b"</h2><p>Started by tomas, June 04, 2024, 11:23:55 AM</p>")
    assert parse(data).published == "2024-06-04T11:23:55"


def test_a_json_ld_web_page_naming_its_author_states_the_publication() -> None:
    def web_page(author: str) -> bytes:
        ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", '
              f'"name": "Cranes"{author}, "datePublished": "2022-10-05T12:53:00-07:00"}}]}}</script>')
        return page(ld, "")

    assert parse(web_page(', "author": {"@type": "Person", "name": "Jane Doe"}')).published == (
        "2022-10-05T12:53:00-07:00")
    # a site's generic page record (no author) is when the CMS entry was made, not a publication
    assert parse(web_page("")).published is None


def test_a_product_page_s_metadata_dates_are_no_publication() -> None:
    head = ('<meta property="product:price:amount" content="24.00">'
            '<meta property="article:published_time" content="2018-12-21T21:10:33+00:00">')
    assert parse(page(head, "")).published is None
    # a buying guide: a JSON-LD article beside its products keeps its date
    ld = ('<script type="application/ld+json">[{"@type": "Article", "datePublished": "2025-12-18"}, '
          '{"@type": "Product", "name": "Crane"}]</script>')
    assert parse(page(head + ld, "")).published == "2025-12-18"
