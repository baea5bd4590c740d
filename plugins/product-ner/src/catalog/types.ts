import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
/** Prices and stock arrive as numbers, numeric strings ("399.0") or nothing; anything else is null. */
const looseNumber = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  });
/** Attribute values: scalars, or lists ("colors": ["黑", "白"]) joined so nothing is lost. */
const attrValue = z.union([scalar, z.array(z.union([z.string(), z.number()]))]).transform((v) => (Array.isArray(v) ? v.join('/') : v));

export const skuSchema = z.object({
  sku: scalar,
  attributes: z.record(z.string(), attrValue.nullable()).default({}).transform((a) => Object.fromEntries(Object.entries(a).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''))),
  price: looseNumber,
  stock: looseNumber,
});

export const productSchema = z.object({
  id: scalar,
  title: z.string(),
  brand: z.string().nullable().optional(),
  /** A category name, a path "服装>外套>羽绒服" / "服装/外套/羽绒服", or the path as a list. */
  category: z.union([z.string(), z.array(z.string())]).nullable().optional().transform((c) => (Array.isArray(c) ? c.join('>') : c)),
  attributes: z.record(z.string(), z.unknown()).nullable().optional().transform((a) => a ?? {}),
  skus: z.array(skuSchema).nullable().optional().transform((s) => s ?? []),
});

export const catalogSchema = z.object({
  products: z.array(productSchema),
  /** Optional category tree: `{name, parent}` rows. */
  categories: z.array(z.object({ name: z.string(), parent: z.string().nullable().optional() })).optional(),
  /** Shop-configured aliases: surface → catalog value ("粉的": "粉色", "加大码": "XL"). */
  aliases: z.record(z.string(), z.string()).optional(),
});

export type CatalogInput = z.input<typeof catalogSchema>;
export type Catalog = z.output<typeof catalogSchema>;
export type ProductInput = z.output<typeof productSchema>;
