// Hash routes -> page functions (each returns the page's elements).
import { signInPage, signUpPage } from "./pages/account.js";
import { adminPage } from "./pages/admin.js";
import { accountsPage } from "./pages/admin_accounts.js";
import { auditPage, categoriesPage, deliveriesPage } from "./pages/admin_ops.js";
import { officeStaffPage } from "./pages/admin_staff.js";
import { dispatchesPage } from "./pages/dispatches.js";
import { helpPage, progressPage } from "./pages/help.js";
import { intakePage, queuePage, waitingPage } from "./pages/hotline.js";
import { inboxPage } from "./pages/inbox.js";
import { forgotPage, joinPage, resetPage } from "./pages/links.js";
import { incidentPage } from "./pages/incident.js";
import { officePage, incidentsPage } from "./pages/office.js";
import { offersPage } from "./pages/offers.js";
import { organizationPage } from "./pages/organization.js";
import { peoplePage, personPage, visitRoundPage } from "./pages/people.js";
import { proposalsPage } from "./pages/proposals.js";
import { rosterPage } from "./pages/roster.js";
import { volunteerHomePage } from "./pages/volunteer_home.js";
import { volunteerHoursPage } from "./pages/volunteer_hours.js";
import { homePage, publicIncidentPage } from "./pages/public.js";
import { myVisitsPage, visitFormPage } from "./pages/visits.js";
import { volunteerProfilePage } from "./pages/volunteer_profile.js";
import { volunteerSignUpPage } from "./pages/volunteer_signup.js";

export const routes = [
  [/^\/?$/, homePage],
  [/^\/signin$/, signInPage],
  [/^\/signup$/, signUpPage],
  [/^\/volunteer\/signup$/, volunteerSignUpPage],
  [/^\/volunteer$/, volunteerHomePage],
  [/^\/volunteer\/profile$/, volunteerProfilePage],
  [/^\/forgot$/, forgotPage],
  [/^\/join\/([\w-]+)$/, joinPage],
  [/^\/reset\/([\w-]+)$/, resetPage],
  [/^\/admin$/, adminPage],
  [/^\/admin\/offices\/([^/]+)$/, officeStaffPage],
  [/^\/admin\/accounts$/, accountsPage],
  [/^\/admin\/deliveries$/, deliveriesPage],
  [/^\/admin\/audit$/, auditPage],
  [/^\/admin\/categories$/, categoriesPage],
  [/^\/incidents\/([^/]+)$/, publicIncidentPage],
  [/^\/org$/, organizationPage],
  [/^\/org\/offers$/, offersPage],
  [/^\/org\/proposals$/, proposalsPage],
  [/^\/org\/roster$/, rosterPage],
  [/^\/volunteer\/proposals$/, volunteerHomePage],
  [/^\/volunteer\/hours$/, volunteerHoursPage],
  [/^\/dispatches$/, dispatchesPage],
  [/^\/inbox$/, inboxPage],
  [/^\/office$/, officePage],
  [/^\/office\/incidents$/, incidentsPage],
  [/^\/office\/incidents\/([^/]+)$/, incidentPage],
  [/^\/office\/incidents\/([^/]+)\/visits$/, visitRoundPage],
  [/^\/office\/people$/, peoplePage],
  [/^\/office\/people\/([^/]+)$/, personPage],
  [/^\/visits$/, myVisitsPage],
  [/^\/visits\/([^/]+)$/, visitFormPage],
  [/^\/help$/, helpPage],
  [/^\/help\/progress$/, progressPage],
  [/^\/hotline$/, intakePage],
  [/^\/hotline\/queue$/, queuePage],
  [/^\/hotline\/waiting$/, waitingPage],
];
