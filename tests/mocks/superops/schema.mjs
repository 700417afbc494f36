// The part of SuperOps' GraphQL schemas the gateway's tools use, per edition, written from the
// public references (developer.superops.com/msp and /it, as captured in
// limehawk/superops-mcp `source-docs/`): field names and types as documented, and association
// fields as the JSON scalars they are, so a sub-selection of one is a validation error as it is
// at SuperOps. Types and fields no tool reads are left out: selecting one is an error here,
// which errs on the side of catching a query that names something the schema may not have.

const COMMON = `
scalar JSON
enum SortOrder { ASC DESC }
enum NotePrivacyType { PUBLIC PRIVATE }
enum TicketConversationType { DESCRIPTION REQ_REPLY TECH_REPLY NOTE FORWARD }
input SortInput { attribute: String order: SortOrder }
input RuleConditionInput { attribute: String operator: String value: JSON joinOperator: String operands: [RuleConditionInput] }
input ListInfoInput { page: Int pageSize: Int condition: RuleConditionInput sort: [SortInput] }
type Sort { attribute: String order: SortOrder }
type ListInfo { page: Int pageSize: Int sort: [Sort] condition: JSON hasMore: Boolean totalCount: Int }
input TicketIdentifierInput { ticketId: ID! }
input AssetIdentifierInput { assetId: ID! }
input AssetDetailsListInput { assetId: ID! listInfo: ListInfoInput }
input ResolveAlertInput { id: ID! }
input UserIdentifierInput { userId: ID! }
input TechnicianGroupIdentifierInput { groupId: ID! }
input SLAIdentifierInput { id: ID! }
input CreateAttachmentInput { fileName: String originalFileName: String fileSize: Int }
input CreateTicketNoteInput { ticket: TicketIdentifierInput! content: String! attachments: [CreateAttachmentInput] addedBy: UserIdentifierInput addedOn: String privacyType: NotePrivacyType }
type Attachment { fileName: String originalFileName: String fileSize: Int }
type RecipientInfo { userId: ID name: String email: String }
type Note { noteId: ID! addedBy: JSON addedOn: String! content: String! attachments: [Attachment] privacyType: NotePrivacyType }
type TicketConversation { conversationId: ID! content: String time: String! user: JSON toUsers: [RecipientInfo] ccUsers: [RecipientInfo] bccUsers: [RecipientInfo] attachments: [Attachment] type: TicketConversationType! }
type Alert { id: ID message: String createdTime: String status: String severity: String description: String asset: JSON policy: JSON }
type AlertList { alerts: [Alert] listInfo: ListInfo }
type TechnicianGroup { groupId: ID! name: String! }
`;

const TICKET_COMMON = `
  ticketId: ID! displayId: String! subject: String! requestType: String
  site: JSON requester: JSON additionalRequester: JSON followers: JSON techGroup: JSON technician: JSON
  status: String priority: String impact: String urgency: String category: String subcategory: String cause: String subcause: String
  resolutionCode: String sla: JSON createdTime: String updatedTime: String firstResponseDueTime: String firstResponseTime: String
  firstResponseViolated: Boolean resolutionDueTime: String resolutionTime: String resolutionViolated: Boolean customFields: JSON
  worklogTimespent: String
`;

const ASSET_COMMON = `
  assetId: ID name: String! assetClass: JSON! site: JSON! requester: JSON primaryMac: String loggedInUser: String
  serialNumber: String manufacturer: String model: String hostName: String publicIp: String gateway: String platform: String
  domain: String status: String sysUptime: String lastCommunicatedTime: String agentVersion: String platformFamily: String
  platformCategory: String platformVersion: String patchStatus: String warrantyExpiryDate: String purchasedDate: String
  customFields: JSON lastReportedTime: String deviceCategory: JSON
`;

const TICKET_WRITES = `
  requester: UserIdentifierInput techGroup: TechnicianGroupIdentifierInput status: String priority: String impact: String
  urgency: String category: String subcategory: String cause: String subcause: String resolutionCode: String requestType: String
  customFields: JSON
`;

const MSP = `${COMMON}
enum TicketSource { FORM AGENT EMAIL AI PHONE INTEGRATION }
enum TicketType { INCIDENT SERVICE_REQUEST }
input ClientIdentifierInput { accountId: ID! }
input ClientSiteIdentifierInput { id: ID! }
input TechnicianIdentifierInput { userId: ID! }
type Client { accountId: ID! name: String! stage: String! status: String emailDomains: [String] accountManager: JSON primaryContact: JSON secondaryContact: JSON hqSite: JSON technicianGroups: JSON customFields: JSON }
type ClientList { clients: [Client] listInfo: ListInfo }
type Ticket { ${TICKET_COMMON} ticketType: TicketType source: TicketSource! client: JSON }
type TicketList { tickets: [Ticket] listInfo: ListInfo }
type Asset { ${ASSET_COMMON} client: JSON! }
type AssetList { assets: [Asset] listInfo: ListInfo }
type Technician { userId: ID! firstName: String! lastName: String name: String! email: String! contactNumber: String emailSignature: String designation: JSON businessFunction: JSON team: JSON reportingManager: JSON role: JSON groups: JSON }
type TechnicianList { userList: [Technician] listInfo: ListInfo }
type Status { id: ID! name: String! description: String }
type Priority { id: ID! name: String! colorCode: String }
input CreateTicketInput { subject: String! description: String client: ClientIdentifierInput! site: ClientSiteIdentifierInput technician: TechnicianIdentifierInput source: TicketSource! sla: SLAIdentifierInput ${TICKET_WRITES} }
input UpdateTicketInput { ticketId: ID! subject: String client: ClientIdentifierInput site: ClientSiteIdentifierInput technician: TechnicianIdentifierInput source: TicketSource ${TICKET_WRITES} }
type Query {
  getClientList(input: ListInfoInput!): ClientList
  getClient(input: ClientIdentifierInput!): Client
  getTicketList(input: ListInfoInput!): TicketList
  getTicket(input: TicketIdentifierInput!): Ticket
  getTicketNoteList(input: TicketIdentifierInput!): [Note]
  getTicketConversationList(input: TicketIdentifierInput!): [TicketConversation]
  getAssetList(input: ListInfoInput!): AssetList
  getAsset(input: AssetIdentifierInput!): Asset
  getAlertList(input: ListInfoInput!): AlertList
  getAlertsForAsset(input: AssetDetailsListInput!): AlertList
  getTechnicianList(input: ListInfoInput!): TechnicianList
  getTechnicianGroupList: [TechnicianGroup]
  getStatusList: [Status]
  getPriorityList: [Priority]
}
type Mutation {
  createTicket(input: CreateTicketInput!): Ticket
  updateTicket(input: UpdateTicketInput!): Ticket
  createTicketNote(input: CreateTicketNoteInput!): Note
  resolveAlerts(input: [ResolveAlertInput]): Boolean
}
`;

const IT = `${COMMON}
input DepartmentIdentifierInput { departmentId: ID! }
input SiteIdentifierInput { id: ID! }
input FieldIdentifierInput { id: ID columnName: String module: String! }
type Department { departmentId: ID! name: String! head: JSON }
type Ticket { ${TICKET_COMMON} source: String! department: JSON }
type TicketList { tickets: [Ticket] listInfo: ListInfo }
type Asset { ${ASSET_COMMON} department: JSON }
type AssetList { assets: [Asset] listInfo: ListInfo }
type Technician { userId: ID! firstName: String! lastName: String name: String! email: String! contactNumber: String emailSignature: String designation: JSON department: JSON associations: JSON team: JSON reportingManager: JSON roles: JSON groups: JSON }
type TechnicianList { userList: [Technician] listInfo: ListInfo }
type Option { id: ID! value: String description: String order: Int! }
type Field { id: ID! module: String! columnName: String! label: String! description: String fieldType: String! options: [Option] showToRequester: Boolean! fieldCategory: String mandatoryOnCreate: Boolean mandatoryOnClosure: Boolean }
input CreateTicketInput { subject: String! description: String site: SiteIdentifierInput! department: DepartmentIdentifierInput technician: UserIdentifierInput source: String! sla: SLAIdentifierInput ${TICKET_WRITES} }
input UpdateTicketInput { ticketId: ID! subject: String site: SiteIdentifierInput department: DepartmentIdentifierInput technician: UserIdentifierInput source: String ${TICKET_WRITES} }
type Query {
  getDepartmentList: [Department]
  getTicketList(input: ListInfoInput!): TicketList
  getTicket(input: TicketIdentifierInput!): Ticket
  getTicketNoteList(input: TicketIdentifierInput!): [Note]
  getTicketConversationList(input: TicketIdentifierInput!): [TicketConversation]
  getAssetList(input: ListInfoInput!): AssetList
  getAsset(input: AssetIdentifierInput!): Asset
  getAlertList(input: ListInfoInput!): AlertList
  getAlertsForAsset(input: AssetDetailsListInput!): AlertList
  getTechnicianList(input: ListInfoInput!): TechnicianList
  getTechnicianGroupList: [TechnicianGroup]
  getField(input: FieldIdentifierInput!): Field
}
type Mutation {
  createTicket(input: CreateTicketInput!): Ticket
  updateTicket(input: UpdateTicketInput!): Ticket
  createTicketNote(input: CreateTicketNoteInput!): Note
  resolveAlerts(input: [ResolveAlertInput]): Boolean
}
`;

/** The schema documents (SDL), by edition. */
export const SCHEMA_SDL = { msp: MSP, it: IT };

/** The attributes each list accepts in `condition` and `sort`. */
export const FILTERABLE = {
  getClientList: ['name', 'stage', 'status', 'accountManager.name', 'emailDomains'],
  getTicketList: ['status', 'priority', 'subject', 'displayId', 'client.name', 'department.name', 'site.name', 'technician.name', 'technician.email', 'techGroup.name', 'createdTime', 'updatedTime', 'requestType'],
  getAssetList: ['name', 'hostName', 'serialNumber', 'status', 'client.name', 'department.name', 'site.name', 'platformCategory'],
  getAlertList: ['status', 'severity', 'createdTime', 'message'],
  getAlertsForAsset: ['status', 'severity', 'createdTime', 'message'],
  getTechnicianList: ['name', 'email', 'firstName', 'lastName'],
};
