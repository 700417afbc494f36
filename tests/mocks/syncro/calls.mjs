// The Syncro calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool in
// docs/TOOLS.md once, with arguments and a check of the answer against the mock's fixtures
// (format: tests/support/tool-calls.mjs). Reads first; then a ticket is created, updated and
// commented on, labour is recorded and charged, and an estimate is made, given a line and
// turned into an invoice. Each client suite resets the mock first, so ids repeat.
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { SYNCRO_IDS, syncroFixtures } from './fixtures.mjs';

const S = syncroFixtures;
const IDS = SYNCRO_IDS;
const ids = (records) => records.map((r) => r.id);
const byId = (records, id) => records.find((r) => r.id === id);
const state = (ctx) => ctx.mocks.syncro.state();
const writes = (ctx, method, tail) => ctx.mocks.syncro.requests.filter((r) => r.method === method && r.path.endsWith(tail));
const CREATED_SUBJECT = 'e2e: scanner on the 2nd floor scans blank pages';

/** The calls, in the order they run. */
export const CALLS = [
  // ---- customers and contacts ---------------------------------------------------------------
  {
    tool: 'syncro_search_customers',
    label: 'every enabled customer',
    args: {},
    check(structured, text) {
      const enabled = S.customers.filter((c) => !c.disabled);
      const items = listing(structured, { count: enabled.length });
      sameSet(ids(items), ids(enabled), 'the enabled customers');
      assert.equal(structured.total, enabled.length, 'meta.total_entries is the total');
      assert.equal(byId(items, IDS.customerNorthwind).business_then_name, 'Northwind Traders');
      mentions(text, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'syncro_get_customer',
    label: 'one customer, unwrapped, with its contacts',
    args: { customer_id: IDS.customerNorthwind },
    check(structured, text) {
      const fixture = byId(S.customers, IDS.customerNorthwind);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.business_name, 'Northwind Traders');
      assert.equal(structured.notes, fixture.notes);
      sameSet(structured.contacts.map((c) => c.id), ids(S.contacts.filter((c) => c.customer_id === fixture.id)), 'its contacts');
      mentions(text, 'Northwind Traders');
    },
  },
  {
    tool: 'syncro_create_customer',
    label: 'a new business customer',
    scope: 'tools:write',
    args: { business_name: 'Adatum Corporation', first_name: 'Priya', last_name: 'Shah', email: 'priya@adatum.example', city: 'Chicago' },
    check(structured, text, ctx) {
      const created = state(ctx).customers.filter((c) => !byId(S.customers, c.id));
      assert.equal(created.length, 1, 'one customer was created');
      assert.equal(structured.id, created[0].id);
      assert.equal(structured.business_then_name, 'Adatum Corporation');
      assert.equal(structured.fullname, 'Priya Shah');
      ctx.saved.customerId = structured.id;
      mentions(text, 'Adatum Corporation');
    },
  },
  {
    tool: 'syncro_update_customer',
    label: 'a new phone for an existing customer',
    scope: 'tools:write',
    args: { customer_id: IDS.customerFabrikam, phone: '5035550199' },
    check(structured, text, ctx) {
      assert.equal(structured.id, IDS.customerFabrikam);
      assert.equal(structured.phone, '5035550199');
      const live = byId(state(ctx).customers, IDS.customerFabrikam);
      assert.equal(live.phone, '5035550199');
      assert.equal(live.email, byId(S.customers, IDS.customerFabrikam).email, 'fields not given are kept');
    },
  },
  {
    tool: 'syncro_create_contact',
    label: 'a contact of the new customer',
    scope: 'tools:write',
    args: (ctx) => ({ customer_id: ctx.saved.customerId, name: 'Priya Shah', email: 'priya@adatum.example', phone: '3125550170' }),
    check(structured, text, ctx) {
      const created = state(ctx).contacts.filter((c) => !byId(S.contacts, c.id));
      assert.equal(created.length, 1, 'one contact was created');
      assert.equal(structured.id, created[0].id);
      assert.equal(structured.customer_id, ctx.saved.customerId);
      assert.equal(structured.name, 'Priya Shah');
    },
  },
  {
    tool: 'syncro_list_contacts',
    label: 'the contacts of one customer',
    args: { customer_id: IDS.customerFabrikam },
    check(structured, text, ctx) {
      const expected = S.contacts.filter((c) => c.customer_id === IDS.customerFabrikam);
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'Fabrikam contacts');
      for (const item of items) assert.equal(item.customer_id, IDS.customerFabrikam);
      assert.ok(ctx.mocks.syncro.requests.some((r) => r.path === '/api/v1/contacts' && r.query.customer_id === String(IDS.customerFabrikam)));
      mentions(text, 'Reception Desk');
    },
  },
  // ---- tickets ---------------------------------------------------------------------------------
  {
    tool: 'syncro_list_tickets',
    label: '"Not Closed" tickets of one customer',
    args: { customer_id: IDS.customerNorthwind, status: 'Not Closed' },
    check(structured, text, ctx) {
      const expected = S.tickets.filter((t) => t.customer_id === IDS.customerNorthwind && !['Resolved', 'Invoiced'].includes(t.status));
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'open Northwind tickets');
      const asked = ctx.mocks.syncro.requests.find((r) => r.path === '/api/v1/tickets');
      assert.equal(asked.query.status, 'Not Closed', 'the status went as a query value');
      assert.equal(asked.query.page, '1', 'the first page was asked for by number');
      assert.equal(asked.query.per_page, undefined, 'no page size is sent: Syncro fixes it');
      mentions(text, 'Front office printer offline');
    },
  },
  {
    tool: 'syncro_get_ticket',
    label: 'one ticket with its whole comment history',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured, text) {
      const fixture = byId(S.tickets, IDS.ticketPrinter);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.number, fixture.number);
      assert.equal(structured.subject, fixture.subject);
      assert.equal(structured.comments.length, fixture.comments.length, 'every comment, not the list view\'s first');
      assert.equal(structured.customer.id, IDS.customerNorthwind);
      assert.ok(structured.ticket_timers.some((t) => t.id === IDS.timerOpen));
      mentions(text, 'In Progress');
    },
  },
  {
    tool: 'syncro_list_ticket_comments',
    label: 'the comments of one ticket, newest first',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured) {
      const fixture = byId(S.tickets, IDS.ticketPrinter).comments;
      const items = listing(structured, { count: fixture.length });
      assert.deepEqual(ids(items), ids(fixture).reverse());
      assert.equal(items[0].hidden, true);
      assert.equal(items[1].subject, 'Initial Issue');
    },
  },
  {
    tool: 'syncro_create_ticket',
    label: 'a ticket with its description as a hidden first comment',
    scope: 'tools:write',
    args: {
      customer_id: IDS.customerNorthwind,
      subject: CREATED_SUBJECT,
      description: 'Every page from the ADF comes out blank.',
      problem_type: 'Hardware',
      user_id: IDS.userAlex,
      contact_id: IDS.contactNancy,
    },
    check(structured, text, ctx) {
      const known = new Set(ids(S.tickets));
      const created = state(ctx).tickets.filter((t) => !known.has(t.id));
      assert.equal(created.length, 1, 'one ticket was created');
      const [ticket] = created;
      assert.equal(structured.id, ticket.id);
      assert.equal(structured.subject, CREATED_SUBJECT);
      assert.equal(structured.status, 'New');
      assert.equal(structured.user_id, IDS.userAlex);
      assert.deepEqual(ticket.comments.map((c) => [c.subject, c.hidden]), [['Initial Issue', true]]);
      ctx.saved.ticketId = ticket.id;
      mentions(text, CREATED_SUBJECT);
    },
  },
  {
    tool: 'syncro_update_ticket',
    label: 'a new status and priority',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, status: 'Waiting for Parts', priority: '1 High' }),
    check(structured, text, ctx) {
      assert.equal(structured.id, ctx.saved.ticketId);
      const live = byId(state(ctx).tickets, ctx.saved.ticketId);
      assert.equal(live.status, 'Waiting for Parts');
      assert.equal(structured.status, 'Waiting for Parts');
      assert.equal(structured.priority, '1 High');
      assert.equal(live.subject, CREATED_SUBJECT, 'fields not given are kept');
      const [put] = writes(ctx, 'PUT', `/api/v1/tickets/${ctx.saved.ticketId}`);
      assert.deepEqual(JSON.parse(put.body), { status: 'Waiting for Parts', priority: '1 High' });
    },
  },
  {
    tool: 'syncro_add_ticket_comment',
    label: 'a public comment, not emailed, with the default subject',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, body: 'Cleaned the ADF rollers; please try a test scan.' }),
    check(structured, text, ctx) {
      const live = byId(state(ctx).tickets, ctx.saved.ticketId);
      const comment = live.comments.at(-1);
      assert.equal(structured.id, comment.id);
      assert.equal(structured.subject, 'Update', 'Syncro needs a subject; the gateway gives one');
      assert.equal(structured.hidden, false);
      assert.equal(structured.ticket_id, ctx.saved.ticketId);
      assert.equal(ctx.mocks.syncro.emails().at(-1).emailed, false, 'the customer was not emailed');
      mentions(text, 'Update');
    },
  },
  {
    tool: 'syncro_add_ticket_line_item',
    label: 'a part on the new ticket, named and described',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, name: 'ADF roller kit', description: 'Replacement feed rollers', quantity: 1, price_retail: 35, product_id: IDS.productToner }),
    check(structured, text, ctx) {
      const [line] = byId(state(ctx).tickets, ctx.saved.ticketId).line_items;
      assert.equal(structured.id, line.id);
      assert.equal(structured.name, 'ADF roller kit');
      assert.equal(structured.description, 'Replacement feed rollers');
      assert.equal(structured.retail_cents, 3500);
      mentions(text, 'ADF roller kit');
    },
  },
  // ---- assets and RMM alerts ---------------------------------------------------------------------
  {
    tool: 'syncro_list_assets',
    label: 'one customer\'s assets',
    args: { customer_id: IDS.customerNorthwind },
    check(structured, text) {
      const expected = S.assets.filter((a) => a.customer_id === IDS.customerNorthwind);
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'Northwind assets');
      mentions(text, 'NW-DC01');
    },
  },
  {
    tool: 'syncro_get_asset',
    label: 'one asset, unwrapped',
    args: { asset_id: IDS.assetDc },
    check(structured, text) {
      const fixture = byId(S.assets, IDS.assetDc);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, 'NW-DC01');
      assert.equal(structured.asset_serial, fixture.asset_serial);
      assert.equal(structured.properties.model, 'PowerEdge R450');
      mentions(text, '8QXK2Y3');
    },
  },
  {
    tool: 'syncro_list_rmm_alerts',
    label: 'resolved RMM alerts',
    args: { status: 'resolved' },
    check(structured) {
      const expected = S.rmmAlerts.filter((a) => a.resolved);
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'resolved alerts');
    },
  },
  {
    tool: 'syncro_get_rmm_alert',
    label: 'one RMM alert with its details',
    args: { alert_id: IDS.alertDisk },
    check(structured, text) {
      const fixture = byId(S.rmmAlerts, IDS.alertDisk);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.formatted_output, fixture.formatted_output);
      mentions(text, 'NW-DC01');
    },
  },
  // ---- billing and schedule --------------------------------------------------------------------
  {
    tool: 'syncro_list_invoices',
    label: 'unpaid invoices',
    args: { paid: 'unpaid' },
    check(structured, text, ctx) {
      const expected = S.invoices.filter((i) => !i.is_paid);
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'unpaid invoices');
      const asked = ctx.mocks.syncro.requests.find((r) => r.path === '/api/v1/invoices');
      assert.equal(asked.query.unpaid, 'true');
      mentions(text, '2102');
    },
  },
  {
    tool: 'syncro_get_invoice',
    label: 'one invoice, as Syncro sends it flat',
    args: { invoice_id: IDS.invoiceUnpaid },
    check(structured, text) {
      const fixture = byId(S.invoices, IDS.invoiceUnpaid);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.number, fixture.number);
      assert.equal(structured.total, fixture.total);
      assert.equal(structured.po_number, 'NW-PO-7781');
      assert.equal(structured.line_items.length, 1);
      mentions(text, '1962.0');
    },
  },
  {
    tool: 'syncro_create_invoice',
    label: 'an empty invoice for the new ticket',
    scope: 'tools:write',
    args: (ctx) => ({ customer_id: IDS.customerNorthwind, ticket_id: ctx.saved.ticketId, date: '2026-11-09', po_number: 'NW-PO-7790' }),
    check(structured, text, ctx) {
      const live = byId(state(ctx).invoices, structured.id);
      assert.ok(live && !byId(S.invoices, structured.id), 'a new invoice');
      assert.equal(structured.ticket_id, ctx.saved.ticketId);
      assert.equal(structured.po_number, 'NW-PO-7790');
      assert.equal(structured.total, '0.0');
    },
  },
  {
    tool: 'syncro_add_invoice_line_item',
    label: 'a catalog product on an unpaid invoice, priced by Syncro',
    scope: 'tools:write',
    args: { invoice_id: IDS.invoiceUnpaid, product_id: IDS.productToner, quantity: 2 },
    check(structured, text, ctx) {
      const toner = byId(S.products, IDS.productToner);
      const invoice = byId(state(ctx).invoices, IDS.invoiceUnpaid);
      assert.equal(structured.invoice.id, IDS.invoiceUnpaid);
      assert.equal(structured.line_item.id, invoice.line_items.at(-1).id);
      assert.equal(structured.line_item.item, toner.name, 'the product named the line');
      assert.equal(Number(structured.line_item.price), toner.price_retail);
      assert.equal(Number(structured.invoice.subtotal), 1800 + 2 * toner.price_retail);
      mentions(text, toner.name);
    },
  },
  {
    tool: 'syncro_list_payments',
    label: 'payments matching a reference',
    args: { query: 'CHK' },
    check(structured) {
      const [payment] = listing(structured, { count: 1 });
      assert.equal(payment.id, IDS.paymentCheck);
      assert.deepEqual(payment.invoice_ids, [IDS.invoicePaid]);
      assert.equal(payment.customer.id, IDS.customerWalkin);
    },
  },
  {
    tool: 'syncro_list_appointments',
    label: 'appointments, each unwrapped from its own key',
    args: { date_from: '2026-11-09', date_to: '2026-11-15' },
    check(structured, text) {
      const expected = S.appointments.filter((a) => a.start_at >= '2026-11-09' && a.start_at <= '2026-11-15');
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'appointments of that week');
      for (const item of items) assert.equal(typeof item.summary, 'string', 'the record itself, not its wrapper');
      mentions(text, 'Onsite: replace backup drive');
    },
  },
  {
    tool: 'syncro_create_appointment',
    label: 'an onsite visit for the new ticket, the customer not emailed',
    scope: 'tools:write',
    args: (ctx) => ({ summary: 'Onsite: ADF rollers', start_at: '2026-11-16T15:00:00Z', end_at: '2026-11-16T16:30:00Z', customer_id: IDS.customerNorthwind, ticket_id: ctx.saved.ticketId, user_id: IDS.userAlex }),
    check(structured, text, ctx) {
      const live = byId(state(ctx).appointments, structured.id);
      assert.ok(live && !byId(S.appointments, structured.id), 'a new appointment');
      assert.equal(structured.summary, 'Onsite: ADF rollers');
      assert.equal(structured.duration, 1.5);
      assert.equal(structured.ticket_id, ctx.saved.ticketId);
      assert.equal(live.do_not_email, '1', 'the customer was not emailed');
    },
  },
  {
    tool: 'syncro_get_appointment',
    label: 'one appointment',
    args: { appointment_id: IDS.appointmentOnsite },
    check(structured) {
      const fixture = byId(S.appointments, IDS.appointmentOnsite);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.summary, fixture.summary);
      assert.equal(structured.customer.id, IDS.customerNorthwind);
    },
  },
  // ---- contracts -------------------------------------------------------------------------------
  {
    tool: 'syncro_list_contracts',
    label: 'every contract',
    args: {},
    check(structured) {
      const items = listing(structured, { count: S.contracts.length });
      sameSet(ids(items), ids(S.contracts), 'contracts');
    },
  },
  {
    tool: 'syncro_get_contract',
    label: 'one contract, flat',
    args: { contract_id: IDS.contractNorthwind },
    check(structured) {
      const fixture = byId(S.contracts, IDS.contractNorthwind);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, fixture.name);
      assert.equal(structured.contract_amount, fixture.contract_amount);
    },
  },
  // ---- labour: a timer, then its charge ----------------------------------------------------------
  {
    tool: 'syncro_list_ticket_timers',
    label: 'timers created in November',
    args: { created_after: '2026-11-01' },
    check(structured) {
      const items = listing(structured, { count: S.ticketTimers.length });
      sameSet(ids(items), ids(S.ticketTimers), 'timers');
      assert.equal(byId(items, IDS.timerCharged).recorded, true);
    },
  },
  {
    tool: 'syncro_add_ticket_timer',
    label: 'thirty minutes of work',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, start_at: '2026-11-09T14:00:00Z', duration_minutes: 30, notes: 'Cleaned the ADF rollers.' }),
    check(structured, text, ctx) {
      const live = state(ctx).ticketTimers.find((t) => t.id === structured.id);
      assert.ok(live, 'the mock holds the timer');
      assert.equal(live.ticket_id, ctx.saved.ticketId);
      assert.equal(structured.active_duration, 1800);
      assert.equal(structured.recorded, false, 'recorded only, not yet charged');
      ctx.saved.timerId = structured.id;
    },
  },
  {
    tool: 'syncro_charge_ticket_timer',
    label: 'the timer charged to its ticket',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, timer_entry_id: ctx.saved.timerId }),
    check(structured, text, ctx) {
      assert.equal(structured.id, ctx.saved.timerId);
      assert.equal(structured.recorded, true);
      assert.equal(state(ctx).ticketTimers.find((t) => t.id === ctx.saved.timerId).recorded, true);
    },
  },
  // ---- estimates -------------------------------------------------------------------------------
  {
    tool: 'syncro_list_estimates',
    label: 'approved estimates',
    args: { status: 'approved' },
    check(structured) {
      const expected = S.estimates.filter((e) => e.status === 'Approved');
      const items = listing(structured, { count: expected.length });
      sameSet(ids(items), ids(expected), 'approved estimates');
    },
  },
  {
    tool: 'syncro_get_estimate',
    label: 'one estimate',
    args: { estimate_id: IDS.estimateFresh },
    check(structured) {
      const fixture = byId(S.estimates, IDS.estimateFresh);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, fixture.name);
      assert.equal(structured.total, fixture.total);
    },
  },
  {
    tool: 'syncro_create_estimate',
    label: 'an empty estimate for the new ticket',
    scope: 'tools:write',
    args: (ctx) => ({ customer_id: IDS.customerNorthwind, date: '2026-11-09', name: 'ADF roller kit', ticket_id: ctx.saved.ticketId }),
    check(structured, text, ctx) {
      const live = byId(state(ctx).estimates, structured.id);
      assert.ok(live && !byId(S.estimates, structured.id), 'a new estimate');
      assert.equal(structured.name, 'ADF roller kit');
      assert.equal(structured.total, '0.0');
      ctx.saved.estimateId = structured.id;
    },
  },
  {
    tool: 'syncro_add_estimate_line_item',
    label: 'a line added after the estimate exists',
    scope: 'tools:write',
    args: (ctx) => ({ estimate_id: ctx.saved.estimateId, item: 'ADF roller kit', quantity: 2, price: 35 }),
    check(structured, text, ctx) {
      assert.equal(structured.estimate.id, ctx.saved.estimateId);
      assert.equal(structured.line_item.item, 'ADF roller kit');
      assert.equal(structured.estimate.total, '70.0');
      assert.equal(byId(state(ctx).estimates, ctx.saved.estimateId).total, '70.0');
    },
  },
  {
    tool: 'syncro_convert_estimate_to_invoice',
    label: 'the estimate becomes an invoice',
    scope: 'tools:write',
    args: (ctx) => ({ estimate_id: ctx.saved.estimateId }),
    check(structured, text, ctx) {
      const estimate = byId(state(ctx).estimates, ctx.saved.estimateId);
      assert.equal(structured.id, estimate.invoice_id);
      assert.equal(structured.total, '70.0');
      assert.ok(byId(state(ctx).invoices, structured.id), 'the mock holds the invoice');
    },
  },
  // ---- products and leads ------------------------------------------------------------------------
  {
    tool: 'syncro_list_products',
    label: 'products by SKU',
    args: { sku: 'CF258A' },
    check(structured, text) {
      const [product] = listing(structured, { count: 1 });
      assert.equal(product.id, IDS.productToner);
      assert.equal(product.name, 'HP 58A Toner');
      mentions(text, '89.99');
    },
  },
  {
    tool: 'syncro_get_product',
    label: 'one product with its SKUs',
    args: { product_id: IDS.productToner },
    check(structured) {
      const fixture = byId(S.products, IDS.productToner);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, fixture.name);
      assert.deepEqual(structured.product_skus.map((s) => s.sku), ['CF258A']);
    },
  },
  {
    tool: 'syncro_list_leads',
    label: 'every lead',
    args: {},
    check(structured) {
      const items = listing(structured, { count: S.leads.length });
      sameSet(ids(items), ids(S.leads), 'leads');
    },
  },
  {
    tool: 'syncro_get_lead',
    label: 'one lead with the work it asks for',
    args: { lead_id: IDS.leadScanner },
    check(structured) {
      const fixture = byId(S.leads, IDS.leadScanner);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.ticket_subject, fixture.ticket_subject);
      assert.equal(structured.business_then_name, 'Adatum Corporation');
    },
  },
];
