/** One link of a page's main menu. */
export interface NavLink {
  label: string;
  href: string;
  active: boolean;
  /** data-qa of the link, for tests */
  qa: string;
}

/** A menu entry that opens a list of links (a Bootstrap Italia dropdown on desktop, an expandable list on phones). */
export interface NavGroup {
  label: string;
  active: boolean;
  qa: string;
  links: NavLink[];
}

/** What the layout renders in the header's menu (views/layout/nav.ejs): links and groups of links, in order. */
export type NavEntry = NavLink | NavGroup;

export function isNavGroup(entry: NavEntry): entry is NavGroup {
  return 'links' in entry;
}

/**
 * Builds the menu from a flat list of links that each name their group (or none): groups appear where their first
 * link is, so adding a page is one line in its area's list; a group with one link left is shown as that link.
 */
export function groupedNav(items: readonly (NavLink & { group?: { key: string; label: string } })[]): NavEntry[] {
  const entries: NavEntry[] = [];
  const groups = new Map<string, NavGroup>();
  for (const { group, ...link } of items) {
    if (!group) {
      entries.push(link);
      continue;
    }
    let entry = groups.get(group.key);
    if (!entry) {
      entry = { label: group.label, active: false, qa: `nav-group-${group.key}`, links: [] };
      groups.set(group.key, entry);
      entries.push(entry);
    }
    entry.links.push(link);
    entry.active ||= link.active;
  }
  return entries.map((entry) => (isNavGroup(entry) && entry.links.length === 1 ? entry.links[0] : entry));
}
