import { ListingApiArgsError, validateListingApiArgs, type ListingApiArgs } from "./args";

const ADMIN = "arn:aws:iam::123456789012:role/opsguard-github-deploy";
const READER = "arn:aws:iam::123456789012:role/team/reporting-reader";
const baseline: ListingApiArgs = { adminRoleArns: [ADMIN], allowedPrincipals: [READER] };

describe("validateListingApiArgs", () => {
  test("the baseline is valid", () => {
    expect(() => validateListingApiArgs("listing", baseline)).not.toThrow();
  });

  test("an existing bucket whose policy stays as it is needs no admin roles", () => {
    const args = { ...baseline, adminRoleArns: [], existingBucket: { name: "team-data" } };
    expect(() => validateListingApiArgs("listing", args)).not.toThrow();
  });

  test.each([
    [
      { jwtAuthorizer: { issuer: "https://issuer.example", audiences: ["a"] } },
      "ListingApi listing: allowedPrincipals needs IAM authorization; remove it or jwtAuthorizer",
    ],
    [
      { adminRoleArns: [] },
      "ListingApi listing: adminRoleArns is empty; the bucket policy would lock out the deployer",
    ],
    [
      { adminRoleArns: [], existingBucket: { name: "team-data", managePolicy: true } },
      "ListingApi listing: adminRoleArns is empty; the bucket policy would lock out the deployer",
    ],
    [
      { allowedPrincipals: ["reporting-reader"] },
      'ListingApi listing: allowedPrincipals: "reporting-reader" is not an IAM role or user ARN',
    ],
  ] as [Partial<ListingApiArgs>, string][])("%j is refused", (change, message) => {
    const validate = () => validateListingApiArgs("listing", { ...baseline, ...change });

    expect(validate).toThrow(ListingApiArgsError);
    expect(validate).toThrow(new Error(message));
  });
});
