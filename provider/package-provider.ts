import * as pulumi from "@pulumi/pulumi";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import {
  ComponentProvider,
  type ComponentResourceConstructor,
} from "@pulumi/pulumi/provider/experimental/provider";
import { PACKAGE_NAME } from "./components";

/** Raised when the package cannot offer its components; nothing has been registered then. */
export class PackageCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackageCheckError";
  }
}

export interface PackageProviderOptions {
  /** The folder Pulumi's component analyzer reads (`package.json`, `tsconfig.json`, `index.ts`). */
  readonly schemaDir: string;
  /** The components offered, each `opsguard:index:<class name>`. */
  readonly components: readonly ComponentResourceConstructor[];
  /** The version the package is published as: the schema must carry the same. */
  readonly version: string;
}

interface SchemaSummary {
  name?: string;
  version?: string;
  resources?: Record<string, { isComponent?: boolean }>;
}

/**
 * The package's component provider. Unlike a bare `ComponentProvider`, which runs a component's
 * constructor before it reads the schema (so a broken schema fails after the children are
 * registered), it reads and checks the schema before it serves anything (`checkPackage()`), and
 * `construct` reads it again (from its cache) before it builds a component.
 */
export class PackageProvider extends ComponentProvider {
  private readonly offered: readonly ComponentResourceConstructor[];
  private readonly expectedVersion: string;
  private readonly schemaDir: string;

  constructor(options: PackageProviderOptions) {
    super({
      name: PACKAGE_NAME,
      dirname: options.schemaDir,
      components: [...options.components],
      version: options.version,
    });
    this.offered = options.components;
    this.expectedVersion = options.version;
    this.schemaDir = options.schemaDir;
  }

  /**
   * Checks that every offered component is a ComponentResource, that the analyzer infers a schema
   * from `schemaDir`, and that the schema offers exactly those components, as components, under
   * the package's name and version. Throws a `PackageCheckError` naming the first problem.
   */
  async checkPackage(): Promise<void> {
    const notComponents = this.offered
      .filter((component) => !(component.prototype instanceof pulumi.ComponentResource))
      .map((component) => component.name || String(component));
    if (notComponents.length > 0) {
      throw new PackageCheckError(`not ComponentResource classes: ${notComponents.join(", ")}`);
    }
    let schema: SchemaSummary;
    try {
      schema = JSON.parse(await this.getSchema()) as SchemaSummary;
    } catch (error) {
      throw new PackageCheckError(
        `the schema cannot be read from ${this.schemaDir}: ${(error as Error).message}`,
      );
    }
    if (schema.name !== PACKAGE_NAME || schema.version !== this.expectedVersion) {
      throw new PackageCheckError(
        `the schema is ${schema.name}@${schema.version}, the package ${PACKAGE_NAME}@${this.expectedVersion}`,
      );
    }
    const expected = this.offered.map((component) => `${PACKAGE_NAME}:index:${component.name}`);
    const resources = schema.resources ?? {};
    const missing = expected.filter((token) => resources[token]?.isComponent !== true);
    const extra = Object.keys(resources).filter((token) => !expected.includes(token));
    if (missing.length > 0 || extra.length > 0) {
      throw new PackageCheckError(
        `the schema's components differ from the package's: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`,
      );
    }
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<ConstructResult> {
    await this.getSchema();
    return super.construct(name, type, inputs, options);
  }
}
