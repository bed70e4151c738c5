"""Generated compensation claims (issue #10) on closed reports whose items were not found: filed within
the claim window, then assessed, approved or rejected as time went by (CMP-1..5)."""

import datetime
from decimal import Decimal

import policy
from compensation.models import Assessment, Claim, ClaimItem, ClaimState, Liability, LossHead, Tier
from incidents.dataset import IncidentFacts
from incidents.models import Outcome
from organization.dataset import SiteWorld, World
from organization.roles import Role

D = datetime.timedelta(days=1)


class ClaimWriter:
    def __init__(self, world: World, sites: list[SiteWorld]) -> None:
        self.rng, self.until = world.rng, world.until
        bulk = world.bulk
        self.claims = bulk.table(Claim, [
            "id", "incident", "site", "customer", "reference", "currency", "state", "claimant_name", "statement",
            "claimed_total", "filed_at", "filed_by", "window_ends_at", "late", "late_override_by",
            "late_override_reason", "custody_loss", "estimated_amount", "tier", "decided_by", "decided_at",
            "approved_amount", "rejection_reasons", "updated_at"])
        self.items = bulk.table(ClaimItem, [
            "id", "claim", "lost_item", "description", "head", "amount_claimed", "category", "quantity",
            "purchase_price", "purchase_date", "proof_of_value", "declared_for_safekeeping", "assessed_value",
            "compensation", "calculation"])
        self.assessments = bulk.table(Assessment, [
            "id", "claim", "liability", "grounds", "share_percent", "cctv_evidence", "patrol_evidence",
            "valuation_date", "items_total", "total", "calculation", "assessed_by", "assessed_at"])
        self.rules = {s.site.id: policy.for_site(s.site) for s in sites}
        self.legal = world.company[Role.LEGAL][0]

    def write(self, facts: list[IncidentFacts]) -> None:
        rng = self.rng
        for f in facts:
            if f.outcome != Outcome.NOT_FOUND or f.is_drill or rng.random() > 0.04:
                continue
            valued = [item for item in f.items if item.value]
            if not valued:
                continue
            rules = self.rules[f.world.site.id]
            window_end = f.closed_at + D * rules.claim_window_days
            filed = f.closed_at + (window_end - f.closed_at) * rng.random() * 0.8
            if filed > self.until:
                continue
            self._claim(f, valued, filed=filed, window_end=window_end, review=D * rules.claim_review_days)

    def _claim(self, f: IncidentFacts, valued, *, filed, window_end, review) -> None:
        rng, site = self.rng, f.world.site
        pk = self.claims.allocate()
        total = sum((Decimal(item.value) for item in valued), Decimal(0))
        assessed_at = filed + review * rng.uniform(0.2, 0.6)
        decided_at = filed + review * rng.uniform(0.5, 1.3)
        manager = f.world.first(Role.MANAGER)
        state, decided_by, approved, reasons, tier = ClaimState.FILED, None, None, "", ""
        if decided_at <= self.until and rng.random() < 0.85:
            if rng.random() < 0.35:
                state, reasons = ClaimState.REJECTED, "公司已尽安全保障义务 The company met its duty of care"
            else:
                state, approved, tier = ClaimState.APPROVED, (total * Decimal("0.5")).quantize(Decimal("1")), Tier.DEPARTMENT_MANAGER
            decided_by = manager.id
        elif assessed_at <= self.until:
            state, decided_at = ClaimState.ASSESSED, None
        else:
            decided_at = None
        estimate = (total * Decimal("0.5")).quantize(Decimal("1")) if state in (ClaimState.ASSESSED, ClaimState.APPROVED) else None
        self.claims.add((
            pk, f.id, site.id, f.customer.id, f"{f.reference}-C1", site.currency, state, f.customer.name,
            "物品在场所内遗失，要求赔偿 Lost on the premises; asking for compensation", total, filed,
            f.owner.id, window_end, False, None, "", False, estimate, tier, decided_by,
            decided_at if decided_by else None, approved, reasons, decided_at or filed,
        ))
        for item in valued:
            self.items.add((self.items.allocate(), pk, item.id, item.name, LossHead.DIRECT, Decimal(item.value),
                            item.category.id, item.quantity, None, None, "发票 receipt", False, None, None, []))
        if estimate is not None:
            self.assessments.add((
                self.assessments.allocate(), pk, Liability.COMPANY_NEGLIGENCE, "巡查记录不完整 Patrol log incomplete",
                Decimal("50"), "", "", assessed_at.date(), total, estimate, [], self.legal.id, assessed_at,
            ))
        f.claims = [(pk, filed, decided_at if decided_by else None)]
