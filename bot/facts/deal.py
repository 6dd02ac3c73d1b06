"""The deal type of a story: one decision procedure over cues, after the labelling rules.

Promise: `decide(headline, summary)` takes the cue kinds found in the headline and in the
summary (sets of the names below) and returns one of `DEAL_TYPES`. Pure.

Cue kinds (the queries of `FactsSpec`, over the facts term lists of the config):
- licensing_rd: licensing or discovery deal words, upfront, milestones, royalties; an amount
  stated "up to" (a ceiling of milestone payments) in a deal about making something, or a
  headline amount of a deal about drug discovery or design (its stated worth is upfront and
  milestones);
- investment: investing in the partner, an equity stake (not an acquisition);
- co_development: building something together: co-develop, joint lab or research, build or
  develop, a deal about a thing built ("partner on AI tools"), launching a lab, hub,
  platform or model (unless the launch puts a named partner's product to work: deployment);
- deployment: putting a product to work: deploy, roll out, pilot, adopt, integrate ...; a
  named AI product in the headline; a choosing verb (picks, taps, scales) whose object is a
  named partner or product, or a deal "for" one (its purchase); in the summary, a choosing
  verb whose object is a party or product the headline names ("will use X") (all checked
  by the caller);
- agreement: the deal named as a partnership or as joint work (partners, collaborates, teams
  up, alliance, pact, MoU, signs);
- formal: the deal named as a formal partnership (partnership, alliance, pact, MoU,
  agreement, deal; signs, inks): the kinds the labelling rules call partnership. Joint-work
  words (collaborate, team up, work with, join forces) are no formal name: they say that
  two parties work together, not on what terms. Without a `formal` cue list every
  agreement counts as formal (the caller's fallback).

Procedure, the first step that applies wins:
1. the headline's most specific cue: licensing_rd, investment, co_development, deployment,
   in that order (how the money is structured says more than what it buys; building
   together says more than using);
2. the summary's money structure: licensing_rd, then investment (upfront and milestones are
   often told only below the headline);
3. a headline that names the deal formally and nothing more: partnership (the summary's
   "co-develop tools" or "will use" then describes the work under a named partnership,
   not the deal);
4. any other headline (joint work, or silent on the deal): the summary's co_development,
   then deployment (what the parties do together is the kind of the deal);
5. partnership, the rules' default (alliances, MoUs, consortia, extensions).
"""

from __future__ import annotations

from collections.abc import Set

DEAL_TYPES = ("partnership", "deployment", "co_development", "licensing_rd", "investment")
SPECIFIC = ("licensing_rd", "investment", "co_development", "deployment")
MONEY = ("licensing_rd", "investment")
WORK = ("co_development", "deployment")


def decide(headline: Set[str], summary: Set[str]) -> str:
    """The deal type from the cue kinds of the headline and the summary (see the module doc)."""
    for kind in SPECIFIC:
        if kind in headline:
            return kind
    for kind in MONEY:
        if kind in summary:
            return kind
    if "formal" in headline:
        return "partnership"
    for kind in WORK:
        if kind in summary:
            return kind
    return "partnership"
