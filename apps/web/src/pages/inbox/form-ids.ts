/** Element ids of the generated form's inputs, so that labels, messages and focus find them. */
export const inputId = (key: string) => `field-${key}`;
export const cellId = (key: string, row: number, part: 'area' | 'value') => `field-${key}-${row}-${part}`;
export const messageId = (id: string) => `${id}-message`;
export const helpId = (key: string) => `field-${key}-help`;
