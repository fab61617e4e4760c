declare module "asl-validator" {
  const validate: (definition: unknown, options?: { checkArn?: boolean; checkPaths?: boolean }) => { isValid: boolean; errors: unknown[]; errorsText: (separator?: string) => string };
  export default validate;
}
