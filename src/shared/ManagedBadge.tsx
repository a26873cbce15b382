/** Marks what the administrator's policy set: said in words, so it does not depend on colour. */
export function ManagedBadge({ what }: { what: string }) {
  return (
    <span className="managed-badge" title={`${what} is set by your administrator's policy: it cannot be changed or removed here.`}>
      Managed by your administrator
    </span>
  );
}
