export const sampleLib = "served from the app output";
