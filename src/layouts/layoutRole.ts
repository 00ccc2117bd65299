import { Ic50Error } from '../errors.js';
import { inferRole, parseRole, ROLE_NAMES } from '../plate/roles.js';
import type { Location, WellRole } from '../types.js';
import { concentrationIsZero } from './layoutConcentration.js';

/**
 * The role of a plate-map well. A role cell wins (sample, vehicle, blank, positive, exclude and
 * their aliases); otherwise the role is inferred from the compound name and a zero
 * concentration (inferRole). A well with neither role nor compound says nothing: null, unless
 * its concentration is 0 — Thunor's "blank drug, concentration 0" vehicle (formats.md §4.3).
 *
 * Throws Ic50Error for a role we do not know and for a sample (by its role cell) without a
 * compound, since its curve would have no name.
 */
export function layoutRole(
  roleText: string,
  compound: string,
  concentration: string,
  decimalComma: boolean,
  location: Location,
): WellRole | null {
  const zero = concentration !== '' && concentrationIsZero(concentration, decimalComma);
  if (roleText !== '') {
    const role = parseRole(roleText);
    if (!role) throw new Ic50Error(`unknown role "${roleText}"`, { location, hint: `accepted roles: ${ROLE_NAMES}` });
    if (role === 'sample' && compound === '') {
      throw new Ic50Error('a sample well with no compound', { location, hint: 'name the compound, or give the well a control role' });
    }
    return role;
  }
  if (compound === '') return zero ? 'vehicle' : null;
  return inferRole(compound, zero);
}
