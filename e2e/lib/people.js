// Synthetic people for the walk: valid GB 11643 resident ID numbers with a random birth date
// and sequence number, so a walk can run again against the same demo.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** Returns the 18-character number for the first 17 digits `body`. */
export function withCheckCharacter(body) {
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * WEIGHTS[index], 0);
  return body + CHECK_CHARACTERS[sum % 11];
}

/** A person born in `year` in division `division`; `female` picks the sex digit. */
export function syntheticPerson(name, division, year, female) {
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const birthDate = `${year}${month}${day}`;
  const order = 100 + Math.floor(Math.random() * 440) * 2 + (female ? 0 : 1);
  const residentId = withCheckCharacter(`${division}${birthDate}${String(order).padStart(3, '0')}`);
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return { name, residentId, phone, password: `walk-${Math.random().toString(36).slice(2, 12)}` };
}
