// Deterministic data of the Syncro mock, shaped as Syncro's REST API v1 sends it: snake_case
// fields, integer ids, ISO-8601 UTC times with milliseconds, money as decimal strings (the
// field sets follow the examples of Syncro's OpenAPI document, api-docs.syncromsp.com).
import { deepFreeze } from '../http.mjs';

/** The API token the default mock account accepts, and the account's subdomain. */
export const SYNCRO_TOKEN = 'T0k3n-syncro-test-7f3a';
export const SYNCRO_SUBDOMAIN = 'contoso-msp';

/** Ids the tests name. */
export const SYNCRO_IDS = {
  userAlex: 7,
  userSam: 8,
  customerNorthwind: 41001,
  customerFabrikam: 41002,
  customerWalkin: 41004,
  customerTailspin: 41005,
  contactNancy: 52001,
  ticketPrinter: 9001,
  ticketMail: 9002,
  ticketResolved: 9004,
  assetDc: 7001,
  invoicePaid: 5001,
  invoiceUnpaid: 5002,
  appointmentOnsite: 3001,
  estimateFresh: 6001,
  contractNorthwind: 8101,
  timerCharged: 4401,
  timerOpen: 4402,
  alertDisk: 7701,
  productToner: 9901,
  productLabour: 900,
  leadScanner: 6601,
  paymentCheck: 6801,
};

const I = SYNCRO_IDS;
const at = (day, hour = 9) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const users = [
  { id: I.userAlex, email: 'alex@contoso-msp.example', full_name: 'Alex Tech', group: 'Technicians', admin: false, color: '1e3e96' },
  { id: I.userSam, email: 'sam@contoso-msp.example', full_name: 'Sam Admin', group: 'Admins', admin: true, color: 'a33c12' },
];

function customer(id, spec) {
  const fullname = [spec.firstname, spec.lastname].filter(Boolean).join(' ');
  return {
    id,
    firstname: spec.firstname ?? null,
    lastname: spec.lastname ?? null,
    fullname,
    business_name: spec.business ?? null,
    email: spec.email,
    phone: spec.phone ?? null,
    mobile: null,
    created_at: at(1, 8),
    updated_at: spec.updated ?? at(2, 8),
    pdf_url: null,
    address: spec.address ?? null,
    address_2: null,
    city: spec.city ?? null,
    state: spec.state ?? null,
    zip: spec.zip ?? null,
    latitude: null,
    longitude: null,
    notes: spec.notes ?? null,
    get_sms: false,
    opt_out: false,
    disabled: spec.disabled ?? false,
    no_email: false,
    location_name: null,
    location_id: null,
    properties: spec.properties ?? {},
    online_profile_url: `https://${SYNCRO_SUBDOMAIN}.syncromsp.com/my_profile/v2/index?portal_key=pk${id}`,
    tax_rate_id: null,
    notification_email: null,
    invoice_cc_emails: null,
    invoice_term_id: null,
    referred_by: null,
    ref_customer_id: null,
    business_and_full_name: spec.business ? `${spec.business} - ${fullname}` : fullname,
    business_then_name: spec.business ?? fullname,
    contacts: [],
  };
}

const customers = [
  customer(I.customerNorthwind, { business: 'Northwind Traders', firstname: 'Nancy', lastname: 'Davolio', email: 'it@northwind.example', phone: '2065550101', address: '12 Harbor Way', city: 'Seattle', state: 'WA', zip: '98101', notes: 'Managed services, 40 seats.', properties: { 'Contract Tier': 'Gold' } }),
  customer(I.customerFabrikam, { business: 'Fabrikam Dental Group', firstname: 'Lee', lastname: 'Park', email: 'office@fabrikam-dental.example', phone: '5035550144', city: 'Portland', state: 'OR' }),
  customer(41003, { business: 'Contoso Pharmacy', firstname: 'Maria', lastname: 'Lopez', email: 'maria@contoso-pharmacy.example', phone: '4155550190', city: 'San Francisco', state: 'CA' }),
  customer(I.customerWalkin, { firstname: 'Walkin', lastname: 'Customer', email: 'walkin@somedomain.example', phone: '123' }),
  customer(I.customerTailspin, { business: 'Tailspin Toys', firstname: 'Jo', lastname: 'Berry', email: 'jo@tailspin.example', disabled: true, city: 'Boise', state: 'ID' }),
];

function contact(id, customerId, spec) {
  return {
    id,
    name: spec.name,
    address1: spec.address1 ?? null,
    address2: null,
    city: spec.city ?? null,
    state: null,
    zip: null,
    email: spec.email,
    phone: spec.phone ?? null,
    mobile: spec.mobile ?? null,
    latitude: null,
    longitude: null,
    customer_id: customerId,
    account_id: 1,
    notes: spec.notes ?? null,
    created_at: at(1, 10),
    updated_at: at(1, 10),
    vendor_id: null,
    properties: spec.title ? { title: spec.title } : {},
    opt_out: false,
    extension: null,
  };
}

const contacts = [
  contact(I.contactNancy, I.customerNorthwind, { name: 'Nancy Davolio', email: 'nancy@northwind.example', phone: '2065550111', title: 'Office Manager' }),
  contact(52002, I.customerNorthwind, { name: 'Andrew Fuller', email: 'andrew@northwind.example', mobile: '2065550122', title: 'CFO' }),
  contact(52003, I.customerFabrikam, { name: 'Dr. Lee Park', email: 'lee@fabrikam-dental.example', phone: '5035550145' }),
  contact(52004, I.customerFabrikam, { name: 'Reception Desk', email: 'front@fabrikam-dental.example' }),
  contact(52005, 41003, { name: 'Maria Lopez', email: 'maria@contoso-pharmacy.example' }),
];

function comment(id, ticketId, spec) {
  return {
    id,
    created_at: spec.at,
    updated_at: spec.at,
    ticket_id: ticketId,
    subject: spec.subject,
    body: spec.body,
    tech: spec.tech ?? null,
    hidden: spec.hidden ?? false,
    user_id: spec.userId ?? null,
  };
}

function ticket(id, spec) {
  const owner = customers.find((c) => c.id === spec.customer);
  const contactRecord = contacts.find((c) => c.id === spec.contact);
  return {
    id,
    number: spec.number,
    subject: spec.subject,
    created_at: spec.created,
    customer_id: spec.customer,
    customer_business_then_name: owner.business_then_name,
    due_date: spec.due ?? null,
    resolved_at: spec.resolved ?? null,
    start_at: null,
    end_at: null,
    location_id: null,
    location_name: null,
    problem_type: spec.problem ?? 'Other',
    status: spec.status,
    ticket_type_id: null,
    ticket_type_name: null,
    properties: {},
    user_id: spec.user ?? null,
    updated_at: spec.updated ?? spec.created,
    pdf_url: null,
    priority: spec.priority ?? '2 Normal',
    billing_status: null,
    tag_list: spec.tags ?? [],
    sla_name: null,
    contact_id: spec.contact ?? null,
    contact_fullname: contactRecord?.name ?? null,
    contract_id: null,
    contract_name: null,
    parent_id: null,
    sla_breached: false,
    comments: (spec.comments ?? []).map((c, i) => comment(id * 10 + i, id, c)),
    user: users.find((u) => u.id === spec.user) ?? null,
  };
}

const tickets = [
  ticket(I.ticketPrinter, {
    number: 1001, subject: 'Front office printer offline', customer: I.customerNorthwind, contact: I.contactNancy,
    status: 'In Progress', user: I.userAlex, problem: 'Hardware', priority: '1 High', created: at(2, 9), updated: at(3, 15),
    comments: [
      { subject: 'Initial Issue', body: 'The HP printer at reception shows offline since this morning.', at: at(2, 9) },
      { subject: 'Update', body: 'Replaced the network cable; waiting for the spooler to catch up.', hidden: true, tech: 'Alex Tech', userId: I.userAlex, at: at(3, 15) },
    ],
  }),
  ticket(I.ticketMail, {
    number: 1002, subject: 'Outlook keeps asking for a password', customer: I.customerNorthwind, contact: 52002,
    status: 'New', problem: 'Software', created: at(4, 10),
    comments: [{ subject: 'Initial Issue', body: 'Andrew gets a password prompt every hour.', at: at(4, 10) }],
  }),
  ticket(9003, { number: 1003, subject: 'X-ray workstation slow', customer: I.customerFabrikam, contact: 52003, status: 'Waiting on Customer', user: I.userAlex, problem: 'Hardware', created: at(5, 11), updated: at(6, 9) }),
  ticket(I.ticketResolved, { number: 1004, subject: 'New hire laptop setup', customer: I.customerFabrikam, status: 'Resolved', user: I.userSam, problem: 'Other', created: at(1, 13), resolved: at(3, 17), updated: at(3, 17) }),
  ticket(9005, { number: 1005, subject: 'Pharmacy label printer jammed', customer: 41003, contact: 52005, status: 'Customer Reply', user: I.userAlex, problem: 'Hardware', created: at(6, 8), updated: at(7, 12) }),
  ticket(9006, { number: 1006, subject: 'Replace failing backup drive', customer: I.customerNorthwind, status: 'Scheduled', user: I.userSam, problem: 'Hardware', created: at(7, 9), due: at(12, 9) }),
  ticket(9007, { number: 1007, subject: 'Walk-in virus removal', customer: I.customerWalkin, status: 'Invoiced', user: I.userAlex, problem: 'Virus', created: at(2, 14), resolved: at(2, 18), updated: at(4, 9) }),
  ticket(9008, { number: 1008, subject: 'Wi-Fi drops in the back office', customer: I.customerNorthwind, status: 'Waiting for Parts', user: I.userAlex, problem: 'Network', created: at(8, 10) }),
];

function asset(id, spec) {
  return {
    id,
    name: spec.name,
    customer_id: spec.customer,
    contact_id: null,
    created_at: at(1, 12),
    updated_at: at(5, 12),
    properties: spec.properties ?? {},
    asset_type: spec.type,
    asset_serial: spec.serial ?? null,
    external_rmm_link: null,
    asset_type_id: spec.typeId,
    rmm_links: [],
  };
}

const assets = [
  asset(I.assetDc, { name: 'NW-DC01', customer: I.customerNorthwind, type: 'Syncro Device', typeId: 11, serial: '8QXK2Y3', properties: { os: 'Windows Server 2022', manufacturer: 'Dell Inc.', model: 'PowerEdge R450', ram: '64 GB' } }),
  asset(7002, { name: 'NW-WS-0142', customer: I.customerNorthwind, type: 'Syncro Device', typeId: 11, serial: 'CZC1234XYZ', properties: { os: 'Windows 11 Pro' } }),
  asset(7003, { name: 'NW-PRN-RECEPTION', customer: I.customerNorthwind, type: 'Printer', typeId: 12, serial: 'VNB3K12345' }),
  asset(7004, { name: 'FAB-XRAY-01', customer: I.customerFabrikam, type: 'Syncro Device', typeId: 11, serial: 'MXL9876ABC', properties: { os: 'Windows 10 Pro' } }),
  asset(7005, { name: 'CP-LABEL-02', customer: 41003, type: 'Printer', typeId: 12, serial: 'ZBR-44-1902' }),
];

function invoice(id, spec) {
  const owner = customers.find((c) => c.id === spec.customer);
  return {
    id,
    customer_id: spec.customer,
    customer_business_then_name: owner.business_then_name,
    number: String(spec.number),
    created_at: spec.date,
    updated_at: spec.updated ?? spec.date,
    date: spec.date,
    due_date: spec.due,
    subtotal: spec.subtotal,
    total: spec.total,
    tax: (Number(spec.total) - Number(spec.subtotal)).toFixed(2),
    verified_paid: spec.paid,
    tech_marked_paid: spec.paid,
    ticket_id: spec.ticket ?? null,
    pdf_url: null,
    is_paid: spec.paid,
    location_id: null,
    po_number: spec.po ?? null,
    contact_id: null,
    note: spec.note ?? null,
    hardwarecost: '0.0',
    user_id: null,
    line_items: spec.lines ?? [],
  };
}

const invoices = [
  invoice(I.invoicePaid, { number: 2101, customer: I.customerWalkin, ticket: 9007, date: at(4, 0), due: at(4, 0), subtotal: '120.0', total: '130.8', paid: true, lines: [{ id: 88001, item: 'Labor', name: 'Virus removal', quantity: '1.5', price: '80.0' }] }),
  invoice(I.invoiceUnpaid, { number: 2102, customer: I.customerNorthwind, date: at(1, 0), due: at(15, 0), subtotal: '1800.0', total: '1962.0', paid: false, po: 'NW-PO-7781', note: 'November managed services', lines: [{ id: 88002, item: 'Managed Services', name: '40 seats', quantity: '40.0', price: '45.0' }] }),
  invoice(5003, { number: 2103, customer: I.customerFabrikam, date: at(1, 0), due: at(15, 0), subtotal: '950.0', total: '1035.5', paid: false }),
  invoice(5004, { number: 2104, customer: I.customerFabrikam, ticket: I.ticketResolved, date: at(3, 0), due: at(17, 0), subtotal: '240.0', total: '261.6', paid: true }),
  invoice(5005, { number: 2105, customer: 41003, date: at(5, 0), due: at(19, 0), subtotal: '75.0', total: '81.75', paid: false }),
];

function appointment(id, spec) {
  return {
    id,
    summary: spec.summary,
    description: spec.description,
    customer_id: spec.customer,
    created_at: at(3, 8),
    updated_at: at(3, 8),
    start_at: spec.start,
    end_at: spec.end,
    duration: spec.duration,
    location: spec.location,
    ticket_id: spec.ticket ?? null,
    appointment_location_type: null,
    start_at_label: spec.label,
    all_day: null,
    user_id: spec.user,
    ticket: null,
    do_not_email: '1',
  };
}

const appointments = [
  appointment(I.appointmentOnsite, { summary: 'Onsite: replace backup drive', description: 'Bring a 4 TB drive.', customer: I.customerNorthwind, ticket: 9006, start: at(12, 9), end: at(12, 11), duration: 2, location: '12 Harbor Way, Seattle', label: 'Thu 11-12-26 01:00 AM', user: I.userSam }),
  appointment(3002, { summary: 'Remote: X-ray workstation tune-up', description: 'After clinic hours.', customer: I.customerFabrikam, ticket: 9003, start: at(10, 18), end: at(10, 19), duration: 1, location: 'Remote', label: 'Tue 11-10-26 10:00 AM', user: I.userAlex }),
  appointment(3003, { summary: 'Quarterly review', description: 'Review of tickets and budget.', customer: I.customerNorthwind, start: at(20, 15), end: at(20, 16), duration: 1, location: 'Video call', label: 'Fri 11-20-26 07:00 AM', user: I.userSam }),
];

function estimate(id, spec) {
  const owner = customers.find((c) => c.id === spec.customer);
  return {
    id,
    customer_id: spec.customer,
    customer_business_then_name: owner.business_then_name,
    name: spec.name,
    number: String(spec.number),
    status: spec.status,
    created_at: spec.date,
    updated_at: spec.date,
    date: spec.date,
    subtotal: spec.subtotal,
    total: spec.total,
    tax: (Number(spec.total) - Number(spec.subtotal)).toFixed(2),
    ticket_id: spec.ticket ?? null,
    pdf_url: null,
    location_id: null,
    invoice_id: null,
    employee: 'sam@contoso-msp.example',
    user_id: spec.user ?? null,
  };
}

const estimates = [
  estimate(I.estimateFresh, { number: 3101, name: 'Backup drive replacement', customer: I.customerNorthwind, ticket: 9006, status: 'Fresh', date: at(7, 0), subtotal: '340.0', total: '370.6', user: I.userSam }),
  estimate(6002, { number: 3102, name: 'Wi-Fi access points', customer: I.customerNorthwind, status: 'Approved', date: at(8, 0), subtotal: '1200.0', total: '1308.0', user: I.userAlex }),
  estimate(6003, { number: 3103, name: 'Dental suite laptops', customer: I.customerFabrikam, status: 'Declined', date: at(2, 0), subtotal: '4500.0', total: '4905.0', user: I.userSam }),
];

const contracts = [
  { id: I.contractNorthwind, account_id: 1, customer_id: I.customerNorthwind, name: 'Northwind Managed Services', contract_amount: '1800.0', start_date: '2026-01-01T00:00:00.000Z', end_date: '2026-12-31T00:00:00.000Z', primary_contact: 'Nancy Davolio', description: 'Unlimited remote support, 40 seats.', created_at: at(1, 7), updated_at: at(1, 7), status: 'Active', likelihood: 100, apply_to_all: true, sla_id: null },
  { id: 8102, account_id: 1, customer_id: I.customerFabrikam, name: 'Fabrikam Block Hours', contract_amount: '950.0', start_date: '2026-06-01T00:00:00.000Z', end_date: '2027-05-31T00:00:00.000Z', primary_contact: null, description: '10 hours a month.', created_at: at(1, 7), updated_at: at(1, 7), status: 'Active', likelihood: 100, apply_to_all: false, sla_id: null },
];

function timer(id, spec) {
  return {
    id,
    ticket_id: spec.ticket,
    user_id: spec.user,
    start_time: spec.start,
    end_time: spec.end,
    recorded: spec.recorded,
    created_at: spec.start,
    updated_at: spec.end,
    billable: true,
    notes: spec.notes,
    toggl_id: null,
    product_id: 900,
    comment_id: null,
    ticket_line_item_id: spec.recorded ? 77001 : null,
    active_duration: spec.seconds,
    billable_time: spec.seconds,
    billable_override: null,
  };
}

const ticketTimers = [
  timer(I.timerCharged, { ticket: 9007, user: I.userAlex, start: at(2, 15), end: at(2, 16), recorded: true, notes: 'Removed adware, ran full scan.', seconds: 3600 }),
  timer(I.timerOpen, { ticket: I.ticketPrinter, user: I.userAlex, start: at(3, 14), end: at(3, 15), recorded: false, notes: 'Traced the printer cable.', seconds: 3600 }),
];

function rmmAlert(id, spec) {
  return {
    id,
    customer_id: spec.customer,
    ticket_number: spec.ticketNumber ?? null,
    ticket_status: spec.ticketStatus ?? null,
    computer_name: spec.computer,
    properties: { trigger: spec.trigger },
    resolved: spec.resolved,
    check_id: null,
    status: spec.resolved ? 'resolved' : 'active',
    formatted_output: spec.output,
    description: spec.description,
    created_at: spec.at,
    updated_at: spec.at,
    asset_id: spec.asset,
  };
}

const rmmAlerts = [
  rmmAlert(I.alertDisk, { customer: I.customerNorthwind, computer: 'NW-DC01', asset: I.assetDc, trigger: 'Low Hd Space Trigger', description: 'Low Disk Space', output: 'C: has 4.1 GB free (3%).', resolved: false, at: at(8, 6) }),
  rmmAlert(7702, { customer: I.customerFabrikam, computer: 'FAB-XRAY-01', asset: 7004, trigger: 'Agent Offline Trigger', description: 'Agent Offline', output: 'No check-in for 45 minutes.', resolved: false, at: at(8, 7), ticketNumber: 1003, ticketStatus: 'Waiting on Customer' }),
  rmmAlert(7703, { customer: I.customerNorthwind, computer: 'NW-WS-0142', asset: 7002, trigger: 'Windows Update Trigger', description: 'Reboot required', output: 'Updates installed; reboot pending.', resolved: true, at: at(3, 6) }),
];

function product(id, spec) {
  return {
    id,
    price_cost: spec.cost,
    price_retail: spec.retail,
    condition: null,
    description: spec.description,
    maintain_stock: spec.stock !== undefined,
    name: spec.name,
    quantity: spec.stock ?? 0,
    warranty: null,
    sort_order: null,
    reorder_at: null,
    disabled: false,
    taxable: spec.taxable ?? true,
    product_category: spec.category,
    category_path: spec.category,
    upc_code: spec.upc ?? null,
    discount_percent: null,
    warranty_template_id: null,
    qb_item_id: null,
    desired_stock_level: null,
    price_wholesale: 0,
    notes: null,
    tax_rate_id: null,
    physical_location: null,
    serialized: false,
    vendor_ids: [],
    product_skus: spec.sku ? [{ id: id * 10, vendor_name: 'Ingram Micro', sku: spec.sku }] : [],
    long_description: null,
    location_quantities: [],
    photos: [],
    category_id: spec.categoryId,
  };
}

const products = [
  product(I.productLabour, { name: 'Labor - Remote Support', description: 'Hourly remote support', cost: 0, retail: 95, category: 'Labor', categoryId: 1, taxable: false }),
  product(I.productToner, { name: 'HP 58A Toner', description: 'Black toner cartridge CF258A', cost: 62.5, retail: 89.99, category: 'Supplies', categoryId: 2, sku: 'CF258A', stock: 14 }),
  product(9902, { name: 'Ubiquiti U6 Pro Access Point', description: 'Wi-Fi 6 access point', cost: 129, retail: 189, category: 'Networking', categoryId: 3, sku: 'U6-PRO', stock: 3 }),
];

const leads = [
  { id: I.leadScanner, first_name: 'Priya', last_name: 'Shah', email: 'priya@adatum.example', phone: '3125550170', mobile: '', created_at: at(8, 12), updated_at: at(8, 12), address: '', city: 'Chicago', state: 'IL', zip: '', ticket_subject: 'Quote for office network', ticket_description: 'We are moving to a new office with 25 desks.', ticket_problem_type: 'Network', ticket_id: null, customer_id: null, contact_id: null, mailbox_id: 3, mailbox_name: 'sales@contoso-msp.example', business_then_name: 'Adatum Corporation', has_attachments: false, message_read: false, status: 'New', user_id: null, location_id: null },
  { id: 6602, first_name: 'Tom', last_name: 'Reed', email: 'tom@litware.example', phone: '', mobile: '', created_at: at(5, 16), updated_at: at(6, 9), address: '', city: '', state: '', zip: '', ticket_subject: 'Managed services pricing', ticket_description: 'How much for 10 seats?', ticket_problem_type: null, ticket_id: null, customer_id: null, contact_id: null, mailbox_id: 3, mailbox_name: 'sales@contoso-msp.example', business_then_name: 'Litware Inc.', has_attachments: false, message_read: true, status: 'Lead', user_id: I.userSam, location_id: null },
];

const payments = [
  { id: I.paymentCheck, created_at: at(4, 12), updated_at: at(4, 12), success: true, payment_amount: 130.8, invoice_ids: [I.invoicePaid], ref_num: 'CHK-11006', applied_at: at(4, 0), payment_method: 'Check', transaction_response: null, signature_date: null, customer_id: I.customerWalkin },
  { id: 6802, created_at: at(5, 10), updated_at: at(5, 10), success: true, payment_amount: 261.6, invoice_ids: [5004], ref_num: 'ACH-2026-1105', applied_at: at(5, 0), payment_method: 'ACH', transaction_response: null, signature_date: null, customer_id: I.customerFabrikam },
];

/** The user the default token belongs to (`GET /me`). */
export const SYNCRO_ME = {
  user_token: 'redacted-by-the-mock',
  user_email: 'sam@contoso-msp.example',
  user_name: 'Sam Admin',
  user_id: I.userSam,
  admin: true,
  can_use_app: true,
  two_factor_required: false,
  subdomain: SYNCRO_SUBDOMAIN,
  default_location: null,
  enable_multi_locations: false,
  locations_allowed: [],
  permissions: {},
};

export const syncroFixtures = deepFreeze({
  users,
  customers,
  contacts,
  tickets,
  assets,
  invoices,
  appointments,
  estimates,
  contracts,
  ticketTimers,
  rmmAlerts,
  products,
  leads,
  payments,
});
