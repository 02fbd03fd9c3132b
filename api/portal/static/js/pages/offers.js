// Offers: post (its service area drawn on a small map), edit the quantity, withdraw.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { categoryChoices, categoryName, codesList, isoTime, localTime, SKILLS, unitOf } from "../catalog.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, formatNumber, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { signInFirst } from "./organization.js";
import { serviceAreaMap } from "../area_map.js";
import { placeField } from "../places.js";

const OFFER_FIELDS = `id quantity quantityCommitted quantityProposed quantityFree status
  availableFrom availableUntil serviceRegionCodes description category { code }`;
const OFFERS = `query Offers($filter: OfferFilter, $first: Int, $after: String) {
  offers(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { ${OFFER_FIELDS} } } }`;
const POST = `mutation PostOffer($input: PostOfferInput!) { postOffer(input: $input) {
  offer { id } userErrors { field message code } } }`;
const UPDATE = `mutation UpdateOffer($input: UpdateOfferInput!) { updateOffer(input: $input) {
  offer { id quantity } userErrors { field message code } } }`;
const WITHDRAW = `mutation WithdrawOffer($input: WithdrawOfferInput!) { withdrawOffer(input: $input) {
  offer { id status } userErrors { field message code } } }`;

function numberOrNull(text) {
  return text === undefined || text === "" ? null : Number(text);
}

function offerItem(offer) {
  const unit = unitOf(offer.category.code);
  const edit = form(
    [field("quantity", t("field.quantity"), { type: "number", value: offer.quantity })],
    t("offer.update"),
    (v) => mutate(UPDATE, { offerId: offer.id, quantity: Number(v.quantity) }),
    t("offer.updated"),
  );
  edit.classList.add("inline");
  const active = offer.status === "AVAILABLE";
  return h(
    "div.item",
    { "data-testid": "offer" },
    h("strong", { text: categoryName(offer.category.code) }),
    h("span.badge", { "data-status": offer.status, text: label(offer.status) }),
    h("span", {
      text: t("offer.summary", {
        quantity: formatNumber(offer.quantity),
        committed: formatNumber(offer.quantityCommitted),
        free: formatNumber(offer.quantityFree),
        unit,
      }),
    }),
    h("span", { text: `${formatDate(offer.availableFrom)} – ${formatDate(offer.availableUntil)}` }),
    offer.serviceRegionCodes.length ? h("span", { text: offer.serviceRegionCodes.join(", ") }) : null,
    active ? edit : null,
    active ? action(t("offer.withdraw"), () => mutate(WITHDRAW, { offerId: offer.id }), t("offer.withdrawn")) : null,
  );
}

export async function offersPage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  // An organization's members post its offers; a volunteer posts their own.
  const org = viewer.organization;
  const volunteer = viewer.volunteer;
  if (!org && !volunteer) return section(t("offer.title"), h("p", { text: t("offer.noProvider") }));
  if (org && org.status !== "VERIFIED") return section(t("offer.title"), h("p", { text: t("offer.notVerified") }));
  const list = h("div");
  const refresh = () => {
    const filter = org ? { organizationId: org.id } : { volunteerId: volunteer.id };
    const load = async (after) => (await gql(OFFERS, { filter, first: PAGE_SIZE, after })).offers;
    list.replaceChildren(pager(load, offerItem));
  };
  const area = serviceAreaMap();
  const post = form(
    [
      field("categoryCode", t("field.category"), { choices: await categoryChoices() }),
      field("quantity", t("field.quantity"), { type: "number", required: true }),
      field("availableFrom", t("field.availableFrom"), { type: "datetime-local", value: localTime(0) }),
      field("availableUntil", t("field.availableUntil"), { type: "datetime-local", value: localTime(30) }),
      // A volunteer's offer left without a reach takes their profile's: say so.
      placeField("serviceRegionCodes", t("field.serviceRegions"), {
        multiple: true, hint: org ? undefined : t("offer.volunteerReachHint") }),
      field("latitude", t("field.baseLatitude"), { type: "number", step: "any", hint: t("hint.base") }),
      field("longitude", t("field.baseLongitude"), { type: "number", step: "any" }),
      field("maxTravelKm", t("field.maxTravelKm"), { type: "number", step: "any" }),
      area.element,
      field("skills", t("field.skills"), { choices: SKILLS, multiple: true }),
      field("description", t("field.description"), { type: "textarea" }),
    ],
    t("offer.post"),
    async (v) => {
      const { latitude, longitude, maxTravelKm, ...rest } = v;
      const [lat, lon] = [numberOrNull(latitude), numberOrNull(longitude)];
      const payload = await mutate(POST, {
        ...rest,
        baseLocation: lat === null && lon === null ? null : { latitude: lat, longitude: lon },
        maxTravelKm: numberOrNull(maxTravelKm),
        quantity: Number(v.quantity) || 0,
        availableFrom: isoTime(v.availableFrom),
        availableUntil: isoTime(v.availableUntil),
        serviceRegionCodes: codesList(v.serviceRegionCodes),
        description: v.description || null,
      });
      if (!payload.userErrors.length) refresh();
      return payload;
    },
    t("offer.posted"),
  );
  area.watch(post);
  refresh();
  return [section(t("offer.new"), post), section(t(org ? "offer.title" : "offer.titleOwn"), list)];
}
