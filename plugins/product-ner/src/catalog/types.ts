import { z } from 'zod';

const scalar = z.union([z.string(), z.number()]).transform((v) => String(v));

export const skuSchema = z.object({
  sku: scalar,
  attributes: z.record(z.string(), scalar).default({}),
  price: z.number().nullable().optional(),
  stock: z.number().nullable().optional(),
});

export const productSchema = z.object({
  id: scalar,
  title: z.string(),
  brand: z.string().nullable().optional(),
  /** A category name, or a path "服装>外套>羽绒服" / "服装/外套/羽绒服". */
  category: z.string().nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).default({}),
  skus: z.array(skuSchema).default([]),
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
