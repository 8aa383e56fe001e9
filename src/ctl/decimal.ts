/** A cost or an amount for people: at most 6 decimals, trailing zeros dropped ("0.063222", "2", "0.5"). */
export const decimalText = (n: number): string => String(Number(n.toFixed(6)));
