"""Small news-like stories written for these tests (fictional people and places).

Two stories share a topic (a celebrity enters rehab) and must stay apart; a third and fourth
story add background; ``QUILL_COPY`` is a lightly edited republication of ``QUILL_1``.
"""

from __future__ import annotations

QUILL_1 = (
    "Actress Mara Quill enters rehab",
    "Actress Mara Quill has checked into the Seabright Recovery Center in Malibu, her publicist "
    "Jonah Verlaine said on Tuesday. Quill, 34, asked fans to respect her privacy while she "
    "focuses on her health. The star of the sitcom Harbor Lights had been absent from filming "
    "for two weeks. Verlaine declined to say how long Quill would stay at Seabright.",
)
QUILL_2 = (
    "Mara Quill seeks treatment at Seabright",
    "Harbor Lights star Mara Quill is receiving treatment at Seabright Recovery Center, "
    "according to her spokesman Jonah Verlaine. Friends said Quill made the decision herself "
    "after a difficult year. Production of Harbor Lights has been paused until Quill returns. "
    "Seabright, a private clinic in Malibu, has treated several Hollywood actors.",
)
QUILL_3 = (
    "Quill's co-stars rally behind her",
    "Co-stars of Mara Quill voiced support on Wednesday, a day after the actress entered the "
    "Seabright clinic in Malibu. 'We love Mara and we will be here when she is ready,' said "
    "Harbor Lights co-star Lena Ostrova. Publicist Jonah Verlaine thanked fans for their "
    "messages.",
)
PRYCE_1 = (
    "Singer Dolan Pryce enters rehab",
    "Singer Dolan Pryce has entered a rehab facility in Arizona, his manager Tilda Ambrose "
    "confirmed on Friday. Pryce cancelled the last six dates of his Northern Skies tour. "
    "Ambrose said the singer is getting the help he needs and thanked fans for their "
    "patience. The treatment program at the Red Mesa clinic lasts thirty days.",
)
PRYCE_2 = (
    "Dolan Pryce cancels tour, checks into rehab",
    "Dolan Pryce checked into the Red Mesa treatment center in Arizona after cancelling his "
    "Northern Skies tour, manager Tilda Ambrose said. Ticket holders will be refunded. Pryce, "
    "whose album Lowland topped the charts last spring, is expected to stay in rehab for a "
    "month.",
)
QUAKE_1 = (
    "Strong earthquake shakes Varnia coast",
    "A magnitude 6.4 earthquake struck off the coast of Varnia on Sunday, damaging houses in "
    "the port town of Keldam. The national seismic agency said the quake hit at a depth of "
    "ten kilometres. Rescue teams searched collapsed buildings in Keldam overnight.",
)
QUAKE_2 = (
    "Keldam counts damage after Varnia quake",
    "Residents of Keldam cleared rubble on Monday after Sunday's magnitude 6.4 earthquake off "
    "the Varnia coast. The seismic agency recorded more than forty aftershocks. Officials in "
    "Keldam said the harbour and two schools were badly damaged.",
)
MINISTER_1 = (
    "Harmoush visits Tripoli for talks on militias",
    "Foreign minister Nabil Harmoush arrived in Tripoli on Thursday for talks on disarming "
    "the militias that control parts of Libya. Harmoush met the head of the unity government "
    "and urged the militias to hand over heavy weapons. Sisi allies in Cairo welcomed the visit.",
)
MINISTER_2 = (
    "Libya militias must disarm, Harmoush says",
    "Nabil Harmoush said after meetings in Tripoli that Libya's militias must give up their "
    "weapons before elections can be held. The minister also discussed border security and "
    "the return of workers. Sisi's government has backed the disarmament plan.",
)
QUILL_COPY = (
    "Mara Quill checks into rehab clinic",
    "Actress Mara Quill has checked into the Seabright Recovery Center in Malibu, her publicist "
    "Jonah Verlaine said on Tuesday. Quill, 34, asked fans to respect her privacy while she "
    "focuses on her health. The star of the sitcom Harbor Lights has been absent from filming "
    "for two weeks. Verlaine declined to say how long the actress would stay at Seabright.",
)

STORIES: dict[str, tuple[str, str]] = {
    "quill-1": QUILL_1,
    "quill-2": QUILL_2,
    "quill-3": QUILL_3,
    "pryce-1": PRYCE_1,
    "pryce-2": PRYCE_2,
    "quake-1": QUAKE_1,
    "quake-2": QUAKE_2,
    "minister-1": MINISTER_1,
    "minister-2": MINISTER_2,
}
