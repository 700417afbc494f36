// The mail a test gateway "sent": with MAIL_SENDER=log (the development default) every mail is a
// JSON log line ({"event":"mail","kind","to","subject","text"}). startGateway registers each
// gateway's log here by origin, so a Browser that only knows the origin can read its inbox.
const logs = new Map();

/** Makes the mail of the gateway at `origin` readable through `records()` (its parsed log). */
export function registerMailbox(origin, records) {
  logs.set(origin, records);
}

/** Forgets a stopped gateway's mailbox. */
export function unregisterMailbox(origin) {
  logs.delete(origin);
}

/** Every mail the gateway at `origin` logged to `to`, oldest first. */
export function mailsTo(origin, to) {
  const records = logs.get(origin);
  if (!records) throw new Error(`no gateway started at ${origin} has a mailbox`);
  return records().filter((r) => r.event === 'mail' && r.to === to);
}

/**
 * Waits for mail number `index` (0-based, oldest first) to `to` and returns it. Mail leaves
 * after the page answered, so it may arrive a moment later.
 */
export async function nthMail(origin, to, index, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = mailsTo(origin, to)[index];
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail #${index + 1} to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first link in a mail's text whose path is `path` (on the gateway's origin). */
export function linkIn(mail, path) {
  const urls = (mail.text.match(/https?:\/\/\S+/g) ?? []).map((url) => url.replace(/[.,;:)]+$/, ''));
  const match = urls.find((url) => URL.canParse(url) && new URL(url).pathname === path);
  if (!match) throw new Error(`no ${path} link in the mail:\n${mail.text}`);
  return match;
}
