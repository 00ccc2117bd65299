/** Every ICx level the options ask for (--icx and --rf-at), ascending. */
export function icxLevels(options: { readonly icx?: readonly number[] | undefined; readonly rfAt?: readonly number[] | undefined }): number[] {
  return [...new Set([...(options.icx ?? []), ...(options.rfAt ?? [])])].sort((a, b) => a - b);
}
